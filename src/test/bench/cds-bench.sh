#!/usr/bin/env bash
# CDS Hooks order-sign latency: the packaged jar (dev profile on a real PostgreSQL, see
# docs/benchmarks.md), the full prefetch request of
# src/test/resources/fixtures/cds/order-sign-full-prefetch.json with a new patient id per request, at
# 1, 8 and 32 concurrent clients, 20 s each after a 20 s warm-up.
#
# usage: src/test/bench/cds-bench.sh          JWT check off
#        src/test/bench/cds-bench.sh jwt      JWT check on, as in production: every request carries its
#                                             own pre-signed ES384 token (cds-tokens.py; own jti, so each
#                                             call also inserts into the replay table)
# needs: wrk (Debian package), a built jar, PostgreSQL on loopback; for jwt python3-cryptography
set -euo pipefail
cd "$(dirname "$0")/../../.."
APP_DIR=${APP_DIR:-target/quarkus-app}
DB=bone_monitor_cds_bench
MODE=${1:-nojwt}
URL=http://127.0.0.1:8080
export CDS_BODY=src/test/resources/fixtures/cds/order-sign-full-prefetch.json
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

ENV=(BONE_MONITOR_DEMO_LOAD_EXAMPLES=false)
SCRIPT=src/test/bench/cds-order-sign.lua
if [ "$MODE" = jwt ]; then
  # tokens for the warm-up and each level (generous: a run must not run out), valid 290 s from now
  ISS=$(python3 src/test/bench/cds-tokens.py target/cds-bench-tokens "$URL/cds-services/aromatase-inhibitor-bone-health" \
    40000 12000 40000 60000)
  # the dev profile switches the check off; its profile-specific switch turns it back on
  ENV+=(_DEV_BONE_MONITOR_CDS_HOOKS_AUTH_ENABLED=true BONE_MONITOR_CDS_HOOKS_ISSUERS_1__ISS="$ISS"
    BONE_MONITOR_CDS_HOOKS_ISSUERS_1__JWKS="$(cat target/cds-bench-tokens/jwks.json)")
  SCRIPT=src/test/bench/cds-order-sign-jwt.lua
fi

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
env QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres "${ENV[@]}" \
  java -Dquarkus.profile=dev -jar "$APP_DIR/quarkus-run.jar" > target/cds-bench-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "$URL/q/health/ready" >/dev/null && break; sleep 0.5; done

run() { # run <tokens file index> <clients> <seconds> [--latency]
  local threads=$(( $2 < 2 ? 1 : 2 ))
  CDS_TOKENS=target/cds-bench-tokens/tokens-$1.txt WRK_THREADS=$threads \
    wrk -t"$threads" -c"$2" -d"$3" ${4:-} -s "$SCRIPT" "$URL"
}
run 0 32 20s >/dev/null
level=1
for clients in 1 8 32; do
  echo "== $clients concurrent clients ($MODE)"
  run "$level" "$clients" 20s --latency | grep -E "^ +(50|99)%|Requests/sec|Non-2xx|Socket errors"
  level=$((level + 1))
done

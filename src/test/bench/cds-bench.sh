#!/usr/bin/env bash
# CDS Hooks order-sign latency: the packaged jar (dev profile on a real PostgreSQL: JWT check off, see docs/benchmarks.md), the full
# prefetch request of src/test/resources/fixtures/cds/order-sign-full-prefetch.json with a new
# patient id per request, at 1, 8 and 32 concurrent clients, 20 s each after a 20 s warm-up.
# usage: src/test/bench/cds-bench.sh      needs: wrk (Debian package), a built jar, PostgreSQL on loopback
set -euo pipefail
cd "$(dirname "$0")/../../.."
APP_DIR=${APP_DIR:-target/quarkus-app}
DB=bone_monitor_cds_bench
export CDS_BODY=src/test/resources/fixtures/cds/order-sign-full-prefetch.json
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
  BONE_MONITOR_DEMO_LOAD_EXAMPLES=false java -Dquarkus.profile=dev -jar "$APP_DIR/quarkus-run.jar" > target/cds-bench-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf http://127.0.0.1:8080/q/health/ready >/dev/null && break; sleep 0.5; done

wrk -t2 -c32 -d20s -s src/test/bench/cds-order-sign.lua http://127.0.0.1:8080 >/dev/null
for clients in 1 8 32; do
  threads=$(( clients < 2 ? 1 : 2 ))
  echo "== $clients concurrent clients"
  wrk -t"$threads" -c"$clients" -d20s --latency -s src/test/bench/cds-order-sign.lua http://127.0.0.1:8080 \
    | grep -E "^ +(50|99)%|Requests/sec|Non-2xx|Socket errors"
done

#!/usr/bin/env bash
# Ingest benchmark: the packaged jar against a PostgreSQL on loopback, driven by the shared load
# generator (../shared/bench/fhir-loadgen.py). Prints bundles/s and latency from the generator, and
# the CPU each bundle cost the service, PostgreSQL and the generator (CPU per bundle is the
# steadiest figure on a shared machine).
#
# usage: src/test/bench/ingest-bench.sh [warm-up bundles] [measured bundles] [concurrency]
# needs: a built jar (mvn -q package -DskipTests), psql, a PostgreSQL on 127.0.0.1:5432 (trust auth)
# The jar runs in the dev profile on that PostgreSQL: auth off (the prod profile refuses that), no demo data.
set -euo pipefail
cd "$(dirname "$0")/../../.."
WARMUP=${1:-3000}; BUNDLES=${2:-6000}; CONCURRENCY=${3:-8}
LOADGEN=../shared/bench/fhir-loadgen.py
DB=bone_monitor_bench
APP_DIR=${APP_DIR:-target/quarkus-app}

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
  BONE_MONITOR_DEMO_LOAD_EXAMPLES=false java -Dquarkus.profile=dev -jar "$APP_DIR/quarkus-run.jar" > target/ingest-bench-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf http://127.0.0.1:8080/q/health/ready >/dev/null && break; sleep 0.5; done

python3 "$LOADGEN" run --base http://127.0.0.1:8080/fhir -w 0 -n "$WARMUP" -c "$CONCURRENCY" | tail -1 | sed 's/^/warm-up: /'

queued() { psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT count(*) FROM bone_monitor.plan_queue"; }
# the warm-up's plans are drained first, so the figures below are the measured bundles' own
while [ "$(queued)" != 0 ]; do sleep 0.5; done
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
pg_ticks() { for p in $(pgrep -u postgres); do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
A0=$(ticks $APP); P0=$(pg_ticks)
/usr/bin/time -f "%U %S" -o target/ingest-bench-loadgen.time \
  python3 "$LOADGEN" run --base http://127.0.0.1:8080/fhir -w 0 -n "$BUNDLES" -c "$CONCURRENCY" | tail -1
A1=$(ticks $APP); P1=$(pg_ticks)
HZ=$(getconf CLK_TCK)
awk -v a="$((A1-A0))" -v p="$((P1-P0))" -v n="$BUNDLES" -v hz="$HZ" -v l="$(awk '{print $1+$2}' target/ingest-bench-loadgen.time)" \
  'BEGIN {printf "CPU ms per bundle: service %.2f, PostgreSQL %.2f, load generator %.2f\n", a*1000/hz/n, p*1000/hz/n, l*1000/n}'
# The whole cost (issue 16): the plans of these bundles are computed by the worker afterwards, so the
# CPU is counted again once the plan queue has drained.
T1=$(date +%s.%N); DEPTH=$(queued)
while [ "$(queued)" != 0 ]; do sleep 0.2; done
T2=$(date +%s.%N); A2=$(ticks $APP); P2=$(pg_ticks)
awk -v a="$((A2-A0))" -v p="$((P2-P0))" -v n="$BUNDLES" -v hz="$HZ" -v d="$DEPTH" -v t="$(echo "$T2-$T1" | bc)" \
  'BEGIN {printf "plan queue at the end of the load: %d, drained %.1f s later; whole cost per bundle incl. its plan: service %.2f + PostgreSQL %.2f = %.2f ms CPU\n", d, t, a*1000/hz/n, p*1000/hz/n, (a+p)*1000/hz/n}'
python3 "$LOADGEN" big --base http://127.0.0.1:8080/fhir --obs 1000 --repeat 3 | tail -1 | sed 's/^/big: /'

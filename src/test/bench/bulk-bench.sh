#!/usr/bin/env bash
# Back-fill benchmark: the packaged jar pulls an export of ~N resources (the Synthea sample copied
# under new ids) from a local Bulk Data server (bulk-server.py), through the normal ingest path
# (planning on). Prints the import's resources/s as the ops API reports it, the wall time, the CPU
# the service and PostgreSQL used, and how long the plan queue took to drain afterwards.
#
# usage: src/test/bench/bulk-bench.sh [resources] [batch size]
# needs: a built jar (mvn -q package -DskipTests), psql, a PostgreSQL on 127.0.0.1:5432 (trust auth)
# The jar runs in the dev profile on that PostgreSQL: auth off (the prod profile refuses that), no demo data.
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${1:-100000}; BATCH=${2:-500}
DB=bone_monitor_bulk_bench
APP_PORT=${APP_PORT:-18415}; BULK_PORT=${BULK_PORT:-18416}
APP_DIR=${APP_DIR:-target/quarkus-app}
OUT=target/bulk-bench

python3 src/test/bench/bulk-data.py src/test/resources/fixtures/synthea "$OUT/export" "$N"
python3 src/test/bench/bulk-server.py "$OUT/export" "$BULK_PORT" &
SERVER=$!
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_HTTP_PORT=$APP_PORT BONE_MONITOR_PLAN_AS_OF=2026-06-01 \
BONE_MONITOR_BULK_ENABLED=true BONE_MONITOR_BULK_EHR_BASE_URL=http://127.0.0.1:$BULK_PORT/fhir \
BONE_MONITOR_BULK_BATCH_SIZE=$BATCH BONE_MONITOR_BULK_POLL_INTERVAL=1s \
  BONE_MONITOR_DEMO_LOAD_EXAMPLES=false java -Dquarkus.profile=dev -jar "$APP_DIR/quarkus-run.jar" > "$OUT/app.log" 2>&1 &
APP=$!
trap 'kill $APP $SERVER 2>/dev/null' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null && break; sleep 0.5; done

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
pg_ticks() { for p in $(pgrep -u postgres); do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
A0=$(ticks $APP); P0=$(pg_ticks); T0=$(date +%s.%N)
ID=$(curl -sf -X POST "http://127.0.0.1:$APP_PORT/api/ops/bulk-imports" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while true; do
  JOB=$(curl -sf "http://127.0.0.1:$APP_PORT/api/ops/bulk-imports/$ID")
  STATUS=$(echo "$JOB" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$STATUS" = completed ] || [ "$STATUS" = failed ] && break
  sleep 1
done
T1=$(date +%s.%N); A1=$(ticks $APP); P1=$(pg_ticks)
echo "$JOB" | python3 -c 'import json,sys; j=json.load(sys.stdin); print("import %s: %d resources, %d failed lines, %s resources/s (manifest to last file)" % (j["status"], j["resources"], j["failedLines"], j["resourcesPerSecond"]))'
HZ=$(getconf CLK_TCK)
awk -v t0="$T0" -v t1="$T1" -v a="$((A1-A0))" -v p="$((P1-P0))" -v hz="$HZ" \
  'BEGIN {printf "wall %.1f s from POST to completed; CPU s: service %.1f, PostgreSQL %.1f\n", t1-t0, a/hz, p/hz}'
for _ in $(seq 600); do
  LEFT=$(psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT count(*) FROM bone_monitor.plan_queue")
  [ "$LEFT" = 0 ] && break
  sleep 1
done
T2=$(date +%s.%N)
PLANS=$(psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT count(DISTINCT patient_id) FROM bone_monitor.fhir_resource WHERE res_type = 'CarePlan'" 2>/dev/null || echo '?')
awk -v t1="$T1" -v t2="$T2" -v plans="$PLANS" 'BEGIN {printf "plan queue drained %.1f s after the import (patients with a CarePlan: %s)\n", t2-t1, plans}'

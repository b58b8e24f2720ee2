#!/usr/bin/env bash
# Replica benchmark: N instances of the packaged jar on ONE PostgreSQL database (as N pods behind a
# Service), each driven by its own copy of the shared load generator (../shared/bench/fhir-loadgen.py)
# at CONCURRENCY/N, so the total offered concurrency is the same for every N. Prints the summed
# bundles/s, how long the shared plan queue took to drain after the load (the instances' plan
# workers share it), and the CPU each bundle cost from the start of the load to the drained queue
# (all instances together, PostgreSQL).
#
# usage: src/test/bench/replicas-bench.sh [replicas] [warm-up bundles] [measured bundles] [concurrency]
# needs: a built jar (mvn -q package -DskipTests), psql, a PostgreSQL on 127.0.0.1:5432 (trust auth)
# The jar runs in the dev profile on that PostgreSQL: auth off (the prod profile refuses that), no demo data.
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${1:-2}; WARMUP=${2:-1500}; BUNDLES=${3:-3000}; CONCURRENCY=${4:-8}
LOADGEN=../shared/bench/fhir-loadgen.py
DB=bone_monitor_replicas
APP_DIR=${APP_DIR:-target/quarkus-app}
PSQL="psql -h 127.0.0.1 -U postgres -qtA"

$PSQL -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null' EXIT
for i in $(seq "$N"); do
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_HTTP_PORT=$((8080 + i)) BONE_MONITOR_DEMO_LOAD_EXAMPLES=false java -Dquarkus.profile=dev -jar "$APP_DIR/quarkus-run.jar" > "target/replicas-bench-$i.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq "$N"); do
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$((8080 + i))/q/health/ready" >/dev/null && break; sleep 0.5; done
done

# every instance gets BUNDLES/N bundles at CONCURRENCY/N, all at the same time
load() {
  local bundles=$1 tag=$2 out=target/replicas-bench-$2.jsonl
  local gens=()
  rm -f "$out"
  for i in $(seq "$N"); do
    python3 "$LOADGEN" run --base "http://127.0.0.1:$((8080 + i))/fhir" -w 0 -n $((bundles / N)) \
      -c $((CONCURRENCY / N > 0 ? CONCURRENCY / N : 1)) --run-id "$tag-$(date +%s)-$i" --json-out "$out" > /dev/null &
    gens+=($!)
  done
  wait "${gens[@]}"
}
ticks() { for p in "$@"; do awk '{print $14+$15}' "/proc/$p/stat"; done | awk '{s+=$1} END {print s+0}'; }
pg_ticks() { for p in $(pgrep -u postgres); do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
queue() { $PSQL -d $DB -c "SELECT count(*) FROM bone_monitor.plan_queue"; }

load "$WARMUP" warm
for _ in $(seq 600); do [ "$(queue)" = 0 ] && break; sleep 0.5; done

A0=$(ticks "${PIDS[@]}"); P0=$(pg_ticks); T0=$(date +%s.%N)
load "$BUNDLES" measured
T1=$(date +%s.%N); A1=$(ticks "${PIDS[@]}"); P1=$(pg_ticks)
Q=$(queue)
for _ in $(seq 1200); do [ "$(queue)" = 0 ] && break; sleep 0.5; done
T2=$(date +%s.%N); A2=$(ticks "${PIDS[@]}"); P2=$(pg_ticks)
HZ=$(getconf CLK_TCK)
python3 - "$N" "$BUNDLES" "$T0" "$T1" "$T2" "$Q" "$((A2 - A0))" "$((P2 - P0))" "$HZ" target/replicas-bench-measured.jsonl <<'PY'
import json, sys
n, bundles, t0, t1, t2, q, app, pg, hz, path = sys.argv[1:]
runs = [json.loads(l) for l in open(path)]
wall = float(t1) - float(t0)
errors = sum(r.get("errors", 0) for r in runs)
p95 = max(r["lat_ms"]["p95"] for r in runs)
print(f"replicas {n}: {int(bundles)/wall:.0f} bundles/s over {wall:.1f} s, worst p95 {p95:.0f} ms, errors {errors}; "
      f"CPU ms per bundle (ingest and its planning): instances {int(app)*1000/int(hz)/int(bundles):.2f}, PostgreSQL {int(pg)*1000/int(hz)/int(bundles):.2f}; "
      f"plan queue {q} at the end of the load, drained {float(t2)-float(t1):.1f} s later")
PY

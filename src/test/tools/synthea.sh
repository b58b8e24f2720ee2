#!/usr/bin/env bash
# Generates a Synthea population of women aged 45-85 with breast cancer, whole history, as FHIR R4
# transaction bundles (one per patient, plus the hospital and practitioner bundles they reference),
# simulated up to the evaluation date so nothing lies in the future of the rules' clock.
#
#   src/test/tools/synthea.sh [patients] [seed] [output-dir] [end-date YYYYMMDD]
#   defaults:                  50         2026   target/synthea 20260601
#
# Synthea (org.mitre.synthea:synthea) and its dependencies come from Maven Central through the
# small POM beside this script. Output: <output-dir>/fhir/*.json. Post it with synthea-ingest.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
patients="${1:-50}"
seed="${2:-2026}"
out="${3:-target/synthea}"
end="${4:-20260601}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cp_file="$out/classpath.txt"
mvn -B -q -f "$here/synthea/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
synthea_jar="$(mvn -B -q -f "$here/synthea/pom.xml" help:evaluate -Dexpression=settings.localRepository -DforceStdout)/org/mitre/synthea/synthea/3.3.0/synthea-3.3.0.jar"

# -k keeps only the patients with an active breast-cancer Condition (Synthea's keep module);
# years_of_history=0 exports the whole life; -r/-e end the simulation on the evaluation date.
java -Xmx4g -cp "$synthea_jar:$(cat "$cp_file")" App \
  -s "$seed" -cs "$seed" -p "$patients" -g F -a 45-85 -r "$end" -e "$end" \
  -k "$here/synthea/keep-breast-cancer.json" \
  --exporter.baseDirectory="$out" \
  --exporter.years_of_history=0 \
  --exporter.fhir.export=true \
  --exporter.fhir.transaction_bundle=true \
  --exporter.hospital.fhir.export=true \
  --exporter.practitioner.fhir.export=true \
  --exporter.csv.export=false \
  --exporter.metadata.export=false \
  --generate.log_patients.detail=simple
echo "bundles in $out/fhir"

#!/usr/bin/env python3
"""Turns one Synthea patient bundle into what an EHR's Bulk Data export would give: one NDJSON file
per type of the back-fill's default _type, references as Type/id, kept small for the repository.

  src/test/tools/synthea-sample.py <synthea-patient-bundle.json> <output-dir> [--from 2016-01-01]

urn:uuid references become Type/<id>; Synthea's conditional references (Practitioner?identifier=...)
become Type/<identifier value>, as an export names them. Observations and Procedures before --from
are left out (size); every Condition, medication resource and the Patient are kept.
"""
import argparse
import json
import os

TYPES = ["Patient", "MedicationRequest", "MedicationStatement", "MedicationDispense", "MedicationAdministration",
         "Medication", "Observation", "Condition", "Procedure", "FamilyMemberHistory"]
DATED = {"Observation": ("effectiveDateTime", "effectivePeriod"), "Procedure": ("performedDateTime", "performedPeriod")}


def rewrite(node, by_full_url):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                if value in by_full_url:
                    node[key] = by_full_url[value]
                elif "?identifier=" in value:
                    node[key] = value.split("?")[0] + "/" + value.split("|")[-1]
            else:
                rewrite(value, by_full_url)
    elif isinstance(node, list):
        for item in node:
            rewrite(item, by_full_url)


def date_of(resource):
    for field in DATED.get(resource["resourceType"], ()):
        value = resource.get(field)
        if isinstance(value, dict):
            value = value.get("start")
        if value:
            return value[:10]
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle")
    parser.add_argument("out")
    parser.add_argument("--from", dest="since", default="2016-01-01")
    args = parser.parse_args()
    with open(args.bundle, encoding="utf-8") as f:
        bundle = json.load(f)
    by_full_url = {e["fullUrl"]: "%s/%s" % (e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]}
    lines = {t: [] for t in TYPES}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind not in lines:
            continue
        date = date_of(resource)
        if date is not None and date < args.since:
            continue
        rewrite(resource, by_full_url)
        lines[kind].append(json.dumps(resource, separators=(",", ":"), ensure_ascii=False))
    os.makedirs(args.out, exist_ok=True)
    for kind, rows in lines.items():
        if rows:
            with open(os.path.join(args.out, kind + ".ndjson"), "w", encoding="utf-8") as f:
                f.write("\n".join(rows) + "\n")
            print("%s: %d" % (kind, len(rows)))


if __name__ == "__main__":
    main()

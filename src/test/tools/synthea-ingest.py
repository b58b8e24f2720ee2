#!/usr/bin/env python3
"""Posts a Synthea population (synthea.sh output) to a running Bone Monitor through POST /fhir and counts.

  src/test/tools/synthea-ingest.py [--base http://localhost:8080] [--dir target/synthea/fhir]
                                   [--as-of 2026-06-01] [--years 5] [--skip-post]

Posts the hospital and practitioner bundles first (patient bundles reference them conditionally),
then every patient bundle. Synthea POSTs each Patient (no conditional create), so the server picks
her id: the ids are kept in <dir>/posted-ids.json (bundle file -> Patient id) for --skip-post, and a
bundle already listed there is not posted again. Counts, from the bundles: patients; patients with an aromatase-inhibitor
MedicationRequest authored in the <years> before <as-of>. Then waits for the plan queue to drain and
counts the patients with a Bone Monitor CarePlan (and an active one; Synthea's own CarePlans are not counted) from GET /fhir/CarePlan?patient=. Prints each
patient with a recent AI order but no plan, with her AI orders, for the clinical review.
With --stub-providers, when a Synthea run was cut short before it wrote its hospital and
practitioner bundles (they come last), minimal Organization / Location / Practitioner resources with
the identifiers the patient bundles reference are posted instead (the rules read none of them).
Standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

AI_NAMES = ("anastrozole", "letrozole", "exemestane", "arimidex", "femara", "aromasin")


def request(method, url, body=None):
    headers = {"Accept": "application/fhir+json"}
    if body is not None:
        headers["Content-Type"] = "application/fhir+json"
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def ai_name(resource, medications):
    concept = resource.get("medicationCodeableConcept")
    if concept is None and "medicationReference" in resource:
        concept = medications.get(resource["medicationReference"].get("reference"), {}).get("code", {})
    texts = [c.get("display", "") for c in (concept or {}).get("coding", [])] + [(concept or {}).get("text", "")]
    for text in texts:
        for name in AI_NAMES:
            if name in text.lower():
                return text
    return None


CONDITIONAL = re.compile(r'"reference"\s*:\s*"(Organization|Location|Practitioner|PractitionerRole)\?identifier=([^"|]+)\|([^"]+)"')


def provider_stubs(paths):
    """A transaction creating one minimal resource per conditional reference target of the bundles."""
    seen = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            seen.update(CONDITIONAL.findall(f.read()))
    entries = []
    for kind, system, value in sorted(seen):
        entries.append({"resource": {"resourceType": kind, "identifier": [{"system": system, "value": value}]},
                        "request": {"method": "POST", "url": kind, "ifNoneExist": "identifier=%s|%s" % (system, value)}})
    return json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}).encode()


def summarise(path, window_start, as_of):
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    patient = None
    medications = {}
    for entry in bundle["entry"]:
        r = entry["resource"]
        if r["resourceType"] == "Medication":
            medications[entry.get("fullUrl")] = r
        if r["resourceType"] == "Patient":
            patient = r
    orders = []
    for entry in bundle["entry"]:
        r = entry["resource"]
        if r["resourceType"] == "MedicationRequest":
            name = ai_name(r, medications)
            if name:
                orders.append({"authoredOn": r.get("authoredOn", "")[:10], "status": r.get("status"), "name": name,
                               "intent": r.get("intent")})
    recent = [o for o in orders if window_start <= o["authoredOn"] <= as_of]
    return patient, orders, recent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--dir", default="target/synthea/fhir")
    parser.add_argument("--as-of", default="2026-06-01")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--skip-post", action="store_true", help="count only (the bundles were posted before)")
    parser.add_argument("--stub-providers", action="store_true",
                        help="post minimal providers when the hospital/practitioner bundles are missing")
    args = parser.parse_args()
    as_of = datetime.date.fromisoformat(args.as_of)
    window_start = as_of.replace(year=as_of.year - args.years).isoformat()

    shared = sorted(glob.glob(os.path.join(args.dir, "hospitalInformation*.json"))) + \
        sorted(glob.glob(os.path.join(args.dir, "practitionerInformation*.json")))
    patients = sorted(p for p in glob.glob(os.path.join(args.dir, "*.json")) if p not in shared and not p.endswith("posted-ids.json"))
    ids_file = os.path.join(args.dir, "posted-ids.json")
    posted = {}
    if os.path.exists(ids_file):
        with open(ids_file, encoding="utf-8") as f:
            posted = json.load(f)
    if not args.skip_post:
        started = time.time()
        if args.stub_providers and not shared:
            status, answer = request("POST", args.base + "/fhir", provider_stubs(patients))
            if status != 200:
                print("provider stubs -> %d %s" % (status, answer[:500].decode("utf-8", "replace")))
                sys.exit(1)
        for path in shared + patients:
            name = os.path.basename(path)
            if name in posted:
                continue
            with open(path, "rb") as f:
                body = f.read()
            status, answer = request("POST", args.base + "/fhir", body)
            if status != 200:
                print("POST %s -> %d %s" % (name, status, answer[:500].decode("utf-8", "replace")))
                sys.exit(1)
            for entry in json.loads(answer).get("entry", []):
                location = entry.get("response", {}).get("location", "")
                if location.startswith("Patient/"):
                    posted[name] = location.split("/")[1]
            if path in shared:
                posted[name] = None
            with open(ids_file, "w", encoding="utf-8") as f:
                json.dump(posted, f, indent=1)
        print("posted %d bundles (%d patients) in %.0f s" % (len(shared) + len(patients), len(patients), time.time() - started))

    rows = []
    for path in patients:
        patient, orders, recent = summarise(path, window_start, args.as_of)
        patient["id"] = posted.get(os.path.basename(path)) or patient["id"]
        rows.append((patient, orders, recent))

    # plans follow ingest through the durable plan queue: wait until the CarePlan count stops moving
    def planned():
        counts = {}
        for patient, _, _ in rows:
            status, body = request("GET", "%s/fhir/CarePlan?patient=%s&_count=50" % (args.base, patient["id"]))
            found = [e["resource"] for e in json.loads(body).get("entry", [])] if status == 200 else []
            # Synthea writes CarePlans of its own: count only Bone Monitor's (they instantiate its rule set)
            plans = [p for p in found if any("/PlanDefinition/aibl" in c for c in p.get("instantiatesCanonical", []))]
            counts[patient["id"]] = plans
        return counts

    previous = None
    for _ in range(120):
        plans = planned()
        total = sum(len(v) for v in plans.values())
        if total == previous:
            break
        previous = total
        time.sleep(5)

    with_ai = [r for r in rows if r[1]]
    recent = [r for r in rows if r[2]]
    with_plan = [r for r in rows if plans[r[0]["id"]]]
    recent_with_plan = [r for r in recent if plans[r[0]["id"]]]
    recent_with_active = [r for r in recent if any(p.get("status") == "active" for p in plans[r[0]["id"]])]
    print("patients: %d" % len(rows))
    print("patients with any aromatase-inhibitor order: %d" % len(with_ai))
    print("patients with an aromatase-inhibitor order authored %s..%s: %d" % (window_start, args.as_of, len(recent)))
    print("patients with a CarePlan: %d" % len(with_plan))
    print("  of those with a recent AI order: %d have a CarePlan, %d an active one" % (len(recent_with_plan), len(recent_with_active)))
    for patient, orders, _ in recent:
        if not plans[patient["id"]]:
            print("NO PLAN: Patient/%s born %s deceased %s; AI orders: %s" % (
                patient["id"], patient.get("birthDate"), patient.get("deceasedDateTime", "-"),
                "; ".join("%s %s %s" % (o["authoredOn"], o["status"], o["name"]) for o in orders)))
    for patient, orders, _ in recent:
        for p in plans[patient["id"]]:
            if p.get("status") != "active":
                print("PLAN %s: Patient/%s; AI orders: %s" % (p.get("status"), patient["id"],
                      "; ".join("%s %s %s" % (o["authoredOn"], o["status"], o["name"]) for o in orders)))


if __name__ == "__main__":
    main()

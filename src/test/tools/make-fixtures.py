#!/usr/bin/env python3
"""Writes the FHIR test fixtures (scenarios S01-S18 of ../shared/clinical/scenarios.md), the
CDS Hooks request fixtures and the README examples. Deterministic: same script, same bytes
(uuid5 fullUrls). Run from the worktree root:  python3 src/test/tools/make-fixtures.py
Coding conventions follow the bench load generator (LOINC/SNOMED/RxNorm/UCUM systems,
Observation categories, Condition clinical/verification status)."""
import json
import os
import re
import uuid

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category"
COND_CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical"
COND_VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
COND_CAT = "http://terminology.hl7.org/CodeSystem/condition-category"
MRN_SYSTEM = "urn:oid:2.16.840.1.113883.19.5"
REC_SYSTEM = "urn:oid:2.16.840.1.113883.19.5.99"
NS = uuid.UUID("6f1c8a52-3d0e-4b8e-9a51-b0e6e5d1c0de")

IMAGING = ("imaging", "Imaging")
LAB = ("laboratory", "Laboratory")
VITAL = ("vital-signs", "Vital Signs")
SOCIAL = ("social-history", "Social History")

# display strings from codes.csv
LOINC_DISPLAY = {
    "38267-1": "DXA Lumbar spine [T-score] Bone density",
    "24966-4": "DXA Lumbar spine [Mass/Area] Bone density",
    "85394-5": "DXA Lumbar spine [Z-score] Bone density",
    "38264-8": "DXA Hip [T-score] Bone density",
    "38261-4": "DXA Hip [Mass/Area] Bone density",
    "38263-0": "DXA Femur [T-score] Bone density",
    "24701-5": "DXA Femur [Mass/Area] Bone density",
    "62292-8": "25-Hydroxyvitamin D2+25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma",
    "14635-7": "25-Hydroxyvitamin D3 [Moles/volume] in Serum or Plasma",
    "17861-6": "Calcium [Mass/volume] in Serum or Plasma",
    "2160-0": "Creatinine [Mass/volume] in Serum or Plasma",
    "33914-3": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)",
    "2243-4": "Estradiol (E2) [Mass/volume] in Serum or Plasma",
    "39156-5": "Body mass index (BMI) [Ratio]",
    "29463-7": "Body weight",
    "8302-2": "Body height",
    "72166-2": "Tobacco smoking status",
    "38268-9": "DXA Skeletal system Views for bone density",
}
CATEGORY_OF = {
    "38267-1": IMAGING, "24966-4": IMAGING, "85394-5": IMAGING, "38264-8": IMAGING,
    "38261-4": IMAGING, "38263-0": IMAGING, "24701-5": IMAGING,
    "62292-8": LAB, "14635-7": LAB, "17861-6": LAB, "2160-0": LAB, "33914-3": LAB, "2243-4": LAB,
    "39156-5": VITAL, "29463-7": VITAL, "8302-2": VITAL, "72166-2": SOCIAL,
}
UNITS = {  # unit shown, UCUM code
    "t": ("T-score", "1"), "z": ("Z-score", "1"), "bmd": ("g/cm2", "g/cm2"),
    "bmi": ("kg/m2", "kg/m2"), "kg": ("kg", "kg"), "cm": ("cm", "cm"),
    "ng/mL": ("ng/mL", "ng/mL"), "nmol/L": ("nmol/L", "nmol/L"), "mg/dL": ("mg/dL", "mg/dL"),
    "egfr": ("mL/min/{1.73_m2}", "mL/min/{1.73_m2}"), "pg/mL": ("pg/mL", "pg/mL"),
}
SMOKING = {
    "266919005": "Never smoked tobacco",
    "8517006": "Ex-smoker",
    "449868002": "Smokes tobacco daily",
}
RX = {  # RxNorm code: (display, text)
    "199224": ("anastrozole 1 MG Oral Tablet", "Anastrozole 1 mg tablet"),
    "200064": ("letrozole 2.5 MG Oral Tablet", "Letrozole 2.5 mg tablet"),
    "310261": ("exemestane 25 MG Oral Tablet", "Exemestane 25 mg tablet"),
    "198240": ("tamoxifen 10 MG Oral Tablet", "Tamoxifen 10 mg tablet"),
    "310592": ("goserelin 3.6 MG Drug Implant", "Goserelin 3.6 mg implant (Zoladex)"),
    "993452": ("1 ML denosumab 60 MG/ML Prefilled Syringe", "Denosumab 60 mg/mL prefilled syringe"),
    "1046398": ("denosumab 120 MG [Xgeva]", "Xgeva (denosumab) 120 mg"),
    "312617": ("prednisone 5 MG Oral Tablet", "Prednisone 5 mg tablet"),
    "153124": ("letrozole 2.5 MG Oral Tablet [Femara]", "Femara 2.5 mg tablet"),
    "10379": ("testosterone", "Testosterone"),
}
DOSAGE = {
    "199224": "1 mg by mouth once daily",
    "200064": "2.5 mg by mouth once daily",
    "310261": "25 mg by mouth once daily after a meal",
    "198240": "20 mg by mouth once daily",
    "310592": "3.6 mg subcutaneous implant every 28 days",
    "1046398": "120 mg subcutaneously every 4 weeks",
    "312617": "5 mg by mouth once daily",
    "153124": "2.5 mg by mouth once daily",
}


def cc(system, code, display, text=None):
    c = {"coding": [{"system": system, "code": code, "display": display}]}
    if text:
        c["text"] = text
    return c


def qty(value, unit_key):
    unit, code = UNITS[unit_key]
    if unit_key == "bmd":  # BMD keeps its 3 decimals (FHIR decimals carry their precision)
        value = DEC + "%.3f" % value
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def ident(value):
    return [{"system": REC_SYSTEM, "value": value}]


class Builder:
    """Builds one transaction Bundle for one patient."""

    def __init__(self, key, pid, patient_by_uuid=False):
        self.key = key
        self.pid = pid
        self.entries = []
        self.patient_by_uuid = patient_by_uuid
        self.patient_url = "urn:uuid:" + str(uuid.uuid5(NS, key + "/Patient"))
        self.pref = self.patient_url if patient_by_uuid else "Patient/" + pid

    def uuid_of(self, local):
        return "urn:uuid:" + str(uuid.uuid5(NS, self.key + "/" + local))

    def patient(self, gender, birth, family, given, extra=None):
        p = {
            "resourceType": "Patient",
            "id": self.pid,
            "identifier": [{"use": "usual",
                            "type": cc("http://terminology.hl7.org/CodeSystem/v2-0203", "MR",
                                       "Medical record number"),
                            "system": MRN_SYSTEM, "value": "MRN-" + self.pid.upper()}],
            "active": True,
            "name": [{"use": "official", "family": family, "given": given}],
            "gender": gender,
            "birthDate": birth,
        }
        if extra:
            p.update(extra)
        e = {"resource": p, "request": {"method": "PUT", "url": "Patient/" + self.pid}}
        if self.patient_by_uuid:
            e = {"fullUrl": self.patient_url, **e}
        self.entries.insert(0, e)
        return p

    def add(self, local, resource, stable_id, ident_system=REC_SYSTEM, extra_ident=None):
        """POST with ifNoneExist on the stable identifier; returns the entry's urn:uuid."""
        ids = [{"system": ident_system, "value": stable_id}]
        if extra_ident:
            ids += extra_ident
        resource = {"resourceType": resource.pop("resourceType"), "identifier": ids, **resource}
        url = self.uuid_of(local)
        self.entries.append({
            "fullUrl": url,
            "resource": resource,
            "request": {"method": "POST", "url": resource["resourceType"],
                        "ifNoneExist": "identifier=%s|%s" % (ident_system, stable_id)},
        })
        return url

    def obs(self, loinc, when, value, unit_key, local=None, extra=None):
        cat = CATEGORY_OF[loinc]
        o = {
            "resourceType": "Observation",
            "status": "final",
            "category": [cc(OBS_CAT, cat[0], cat[1])],
            "code": cc(LOINC, loinc, LOINC_DISPLAY[loinc]),
            "subject": {"reference": self.pref},
            "effectiveDateTime": when,
            "issued": when + "T12:00:00Z",
            "valueQuantity": qty(value, unit_key),
        }
        if extra:
            o.update(extra)
        local = local or "obs-%s-%s" % (loinc, when)
        return self.add(local, o, "%s-obs-%s-%s" % (self.pid, loinc, when))

    def smoking(self, answer, when):
        o = {
            "resourceType": "Observation",
            "status": "final",
            "category": [cc(OBS_CAT, *SOCIAL)],
            "code": cc(LOINC, "72166-2", LOINC_DISPLAY["72166-2"]),
            "subject": {"reference": self.pref},
            "effectiveDateTime": when,
            "issued": when + "T12:00:00Z",
            "valueCodeableConcept": cc(SNOMED, answer, SMOKING[answer]),
        }
        return self.add("smoking-" + when, o, "%s-obs-72166-2-%s" % (self.pid, when))

    def dxa(self, when, spine_t=None, hip_t=None, spine_bmd=None, spine_z=None,
            hip_bmd=None, neck_t=None):
        urls = []
        for code, v, u in (("38267-1", spine_t, "t"), ("24966-4", spine_bmd, "bmd"),
                           ("85394-5", spine_z, "z"), ("38264-8", hip_t, "t"),
                           ("38261-4", hip_bmd, "bmd"), ("38263-0", neck_t, "t")):
            if v is not None:
                urls.append(self.obs(code, when, v, u))
        return urls

    def med_concept(self, rx=None, text=None, atc=None):
        if rx:
            disp, t = RX[rx]
            c = cc(RXNORM, rx, disp, text or t)
            if atc:
                c["coding"].append({"system": ATC, "code": atc[0], "display": atc[1]})
            return c
        if atc:
            return cc(ATC, atc[0], atc[1], text)
        return {"text": text}

    def statement(self, local, status, start, end=None, rx=None, text=None, atc=None,
                  dosage=None, asserted=None, concept=None):
        period = {"start": start}
        if end:
            period["end"] = end
        ms = {"resourceType": "MedicationStatement", "status": status}
        if concept is not None:
            ms.update(concept)
        else:
            ms["medicationCodeableConcept"] = self.med_concept(rx, text, atc)
        ms["subject"] = {"reference": self.pref}
        ms["effectivePeriod"] = period
        ms["dateAsserted"] = asserted or start
        d = dosage or (DOSAGE.get(rx) if rx else None)
        if d:
            ms["dosage"] = [{"text": d}]
        return self.add(local, ms, "%s-medstmt-%s" % (self.pid, local))

    def request(self, local, status, authored, rx, dosage=None, extra=None):
        mr = {
            "resourceType": "MedicationRequest",
            "status": status,
            "intent": "order",
            "medicationCodeableConcept": self.med_concept(rx),
            "subject": {"reference": self.pref},
            "authoredOn": authored,
            "dosageInstruction": [{"text": dosage or DOSAGE[rx]}],
        }
        if extra:
            mr.update(extra)
        return self.add(local, mr, "%s-medreq-%s" % (self.pid, local))

    def condition(self, local, system, code, display, onset, clinical="active", text=None,
                  category="problem-list-item", extra=None):
        cat_disp = {"problem-list-item": "Problem List Item",
                    "encounter-diagnosis": "Encounter Diagnosis"}[category]
        c = {
            "resourceType": "Condition",
            "clinicalStatus": cc(COND_CLIN, clinical, clinical.capitalize()),
            "verificationStatus": cc(COND_VER, "confirmed", "Confirmed"),
            "category": [cc(COND_CAT, category, cat_disp)],
            "code": cc(system, code, display, text),
            "subject": {"reference": self.pref},
        }
        if onset:
            c["onsetDateTime"] = onset
            c["recordedDate"] = onset
        if extra:
            c.update(extra)
        return self.add(local, c, "%s-cond-%s" % (self.pid, local))

    def bundle(self):
        return {"resourceType": "Bundle", "type": "transaction", "entry": self.entries}


DEC = "__decimal__"


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    text = re.sub('"%s(-?[0-9.]+)"' % DEC, r"\1", text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


# ---------------------------------------------------------------- scenarios S01-S18 (not S14)
BUNDLES = "src/test/resources/fixtures/bundles"
SCENARIOS = []  # (id, file, summary)


def scenario(sid, slug, summary, by_uuid=False):
    def deco(fn):
        b = Builder(sid, sid, patient_by_uuid=by_uuid)
        fn(b)
        name = "%s-%s.json" % (sid, slug)
        write(os.path.join(BUNDLES, name), b.bundle())
        SCENARIOS.append((sid.upper(), name, summary, by_uuid))
        return fn
    return deco


@scenario("s01", "anastrozole-new-start-no-dxa",
          "F 1964-03-10; MedicationStatement active anastrozole 199224 from 2026-05-12; BMI 27 and "
          "smoking never (266919005) on 2026-05-12. No DXA, no labs.", by_uuid=True)
def s01(b):
    b.patient("female", "1964-03-10", "Moreau", ["Claire"])
    b.statement("anastrozole", "active", "2026-05-12", rx="199224")
    b.obs("39156-5", "2026-05-12", 27, "bmi")
    b.smoking("266919005", "2026-05-12")


def s02_data(b):
    b.patient("female", "1956-01-15", "Schmidt", ["Ingrid"])
    b.request("letrozole", "active", "2026-05-02", "200064")
    b.dxa("2026-04-02", spine_t=-1.7, hip_t=-1.2)
    b.obs("39156-5", "2026-05-02", 24, "bmi")
    b.smoking("8517006", "2026-05-02")


@scenario("s02", "letrozole-order-osteopenia-three-risk-factors",
          "F 1956-01-15; MedicationRequest active letrozole 200064 authored 2026-05-02; DXA "
          "2026-04-02 spine T -1.7 (38267-1), hip T -1.2 (38264-8); BMI 24 and smoking ex-smoker "
          "(8517006) on 2026-05-02.")
def s02(b):
    s02_data(b)


@scenario("s03", "exemestane-osteoporosis",
          "F 1968-02-01; MedicationStatement active exemestane 310261 from 2026-05-22; DXA "
          "2026-02-21 spine T -2.7, hip T -2.1; BMI 26 and never smoker on 2026-05-22.")
def s03(b):
    b.patient("female", "1968-02-01", "Rossi", ["Lucia"])
    b.statement("exemestane", "active", "2026-05-22", rx="310261")
    b.dxa("2026-02-21", spine_t=-2.7, hip_t=-2.1)
    b.obs("39156-5", "2026-05-22", 26, "bmi")
    b.smoking("266919005", "2026-05-22")


def s04_like(b, bmd_2026):
    b.patient("female", "1971-05-05", "Nowak", ["Anna"] if b.pid == "s04" else ["Maria"])
    b.statement("anastrozole", "active", "2025-04-27", rx="199224")
    b.dxa("2025-03-28", spine_t=-0.5, spine_bmd=1.000, hip_t=-0.3)
    b.dxa("2026-04-27", spine_t=-0.8, spine_bmd=bmd_2026, hip_t=-0.6)
    b.obs("39156-5", "2026-04-27", 25, "bmi")
    b.smoking("266919005", "2026-04-27")
    b.obs("62292-8", "2026-04-22", 32, "ng/mL")
    b.obs("17861-6", "2026-04-22", 9.4, "mg/dL")


@scenario("s04", "anastrozole-ongoing-normal-stable-bmd",
          "F 1971-05-05; anastrozole 199224 active from 2025-04-27; DXA 2025-03-28 (spine T -0.5, "
          "spine BMD 1.000 g/cm2, hip T -0.3) and 2026-04-27 (spine T -0.8, spine BMD 0.980, hip T "
          "-0.6); vitamin D 32 ng/mL and calcium 9.4 mg/dL on 2026-04-22; BMI 25, never smoker "
          "(2026-04-27).")
def s04(b):
    s04_like(b, 0.980)


@scenario("s05", "anastrozole-ongoing-significant-spine-loss",
          "As S04 (F 1971-05-05) but the 2026-04-27 spine BMD is 0.940 g/cm2 (-6.0 %).")
def s05(b):
    s04_like(b, 0.940)


@scenario("s06", "man-testosterone-anastrozole-text-only",
          "M 1966-07-20; MedicationStatement active testosterone (ATC G03BA03) from 2024-09-01; "
          "MedicationStatement active with only text \"Anastrozole 0.5mg twice weekly\" from "
          "2026-05-17. No DXA, labs, BMI or smoking status.")
def s06(b):
    b.patient("male", "1966-07-20", "Jensen", ["Henrik"])
    b.statement("testosterone", "active", "2024-09-01", atc=("G03BA03", "testosterone"),
                text="Testosterone cypionate 200 mg/mL injection",
                dosage="100 mg intramuscularly every week")
    b.statement("anastrozole-text", "active", "2026-05-17",
                text="Anastrozole 0.5mg twice weekly", dosage="0.5 mg by mouth twice weekly")


@scenario("s07", "premenopausal-goserelin-exemestane-low-z-score",
          "F 1984-03-03; MedicationStatement active goserelin 310592 from 2026-03-01 and exemestane "
          "310261 from 2026-04-02; DXA 2026-04-12 spine T -1.2, spine Z -2.2 (85394-5); BMI 22, "
          "never smoker (2026-04-12).", by_uuid=True)
def s07(b):
    b.patient("female", "1984-03-03", "Garcia", ["Sofia"])
    b.statement("goserelin", "active", "2026-03-01", rx="310592")
    b.statement("exemestane", "active", "2026-04-02", rx="310261")
    b.dxa("2026-04-12", spine_t=-1.2, spine_z=-2.2)
    b.obs("39156-5", "2026-04-12", 22, "bmi")
    b.smoking("266919005", "2026-04-12")


@scenario("s08", "tamoxifen-only",
          "F 1959-04-04; MedicationStatement active tamoxifen 198240 from 2026-01-10. Nothing else.")
def s08(b):
    b.patient("female", "1959-04-04", "Kowalski", ["Helen"])
    b.statement("tamoxifen", "active", "2026-01-10", rx="198240")


@scenario("s09", "anastrozole-denosumab-overdue",
          "F 1960-02-14; anastrozole 199224 active from 2026-03-03; MedicationAdministration "
          "completed denosumab 60 mg 993452 on 2025-10-04; DXA 2026-02-21 spine T -1.1, hip T -0.9; "
          "BMI 23, never smoker (2026-03-03).")
def s09(b):
    b.patient("female", "1960-02-14", "Smith", ["Margaret"])
    b.statement("anastrozole", "active", "2026-03-03", rx="199224")
    b.add("denosumab-admin", {
        "resourceType": "MedicationAdministration",
        "status": "completed",
        "medicationCodeableConcept": b.med_concept("993452"),
        "subject": {"reference": b.pref},
        "effectiveDateTime": "2025-10-04",
        "dosage": {"text": "60 mg subcutaneously",
                   "route": cc(SNOMED, "34206005", "Subcutaneous route"),
                   "dose": {"value": 60, "unit": "mg", "system": UCUM, "code": "mg"}},
    }, "s09-medadmin-denosumab-2025-10-04")
    b.dxa("2026-02-21", spine_t=-1.1, hip_t=-0.9)
    b.obs("39156-5", "2026-03-03", 23, "bmi")
    b.smoking("266919005", "2026-03-03")


@scenario("s10", "anastrozole-entered-in-error",
          "F 1966-09-09; MedicationStatement anastrozole 199224 with status entered-in-error, start "
          "2026-05-01. Nothing else.")
def s10(b):
    b.patient("female", "1966-09-09", "Dubois", ["Nathalie"])
    b.statement("anastrozole", "entered-in-error", "2026-05-01", rx="199224")


@scenario("s11", "letrozole-completed-post-therapy",
          "F 1962-01-01; MedicationStatement completed letrozole 200064, effectivePeriod 2024-03-23 "
          "to 2026-04-02; DXA 2025-04-22 spine T -1.8 only.")
def s11(b):
    b.patient("female", "1962-01-01", "Andersson", ["Karin"])
    b.statement("letrozole", "completed", "2024-03-23", end="2026-04-02", rx="200064",
                asserted="2026-04-02")
    b.dxa("2025-04-22", spine_t=-1.8)


@scenario("s12", "anastrozole-prior-hip-fracture",
          "F 1954-05-01; anastrozole 199224 active from 2026-05-27; Condition ICD-10-CM S72.001A "
          "(hip fracture) onset 2022-06-10 (age 68); BMI 25, never smoker (2026-05-27).")
def s12(b):
    b.patient("female", "1954-05-01", "Brown", ["Dorothy"])
    b.statement("anastrozole", "active", "2026-05-27", rx="199224")
    b.condition("hip-fracture", ICD10CM, "S72.001A",
                "Fracture of unspecified part of neck of right femur, initial encounter for "
                "closed fracture", "2022-06-10", text="Right hip fracture (fall, 2022)")
    b.obs("39156-5", "2026-05-27", 25, "bmi")
    b.smoking("266919005", "2026-05-27")


@scenario("s13", "anastrozole-vitamin-d-deficient-low-egfr",
          "F 1965-01-20; anastrozole 199224 active from 2026-05-12; DXA 2026-05-02 spine T -2.1, hip "
          "T -1.4; vitamin D 15 ng/mL and eGFR 28 mL/min/1.73m2 (33914-3) on 2026-05-02; BMI 29, "
          "never smoker (2026-05-02). No calcium.", by_uuid=True)
def s13(b):
    b.patient("female", "1965-01-20", "Müller", ["Petra"])
    b.statement("anastrozole", "active", "2026-05-12", rx="199224")
    b.dxa("2026-05-02", spine_t=-2.1, hip_t=-1.4)
    b.obs("62292-8", "2026-05-02", 15, "ng/mL")
    b.obs("33914-3", "2026-05-02", 28, "egfr")
    b.obs("39156-5", "2026-05-02", 29, "bmi")
    b.smoking("266919005", "2026-05-02")


@scenario("s15", "anastrozole-low-bmi-daily-smoker",
          "F 1976-02-02; anastrozole 199224 active from 2026-05-02; weight 48 kg (29463-7) and height "
          "162 cm (8302-2) on 2026-05-02, no BMI Observation (BMI 18.3); smoking daily (449868002).")
def s15(b):
    b.patient("female", "1976-02-02", "O'Neill", ["Siobhan"])
    b.statement("anastrozole", "active", "2026-05-02", rx="199224")
    b.obs("29463-7", "2026-05-02", 48, "kg")
    b.obs("8302-2", "2026-05-02", 162, "cm")
    b.smoking("449868002", "2026-05-02")


@scenario("s16", "femara-contained-medication-vitamin-d-nmol",
          "F 1963-10-10; MedicationStatement active from 2026-04-20 with medicationReference #med1 "
          "to a contained Medication RxNorm 153124 (Femara); 25-OH vitamin D 60 nmol/L (14635-7) "
          "on 2026-04-20; BMI 25, never smoker (2026-04-20).", by_uuid=True)
def s16(b):
    b.patient("female", "1963-10-10", "Lefebvre", ["Isabelle"])
    disp, text = RX["153124"]
    b.statement("femara", "active", "2026-04-20", dosage=DOSAGE["153124"], concept={
        "contained": [{
            "resourceType": "Medication",
            "id": "med1",
            "code": cc(RXNORM, "153124", disp, text),
            "form": cc(SNOMED, "385055001", "Tablet"),
        }],
        "medicationReference": {"reference": "#med1", "display": text},
    })
    b.obs("14635-7", "2026-04-20", 60, "nmol/L")
    b.obs("39156-5", "2026-04-20", 25, "bmi")
    b.smoking("266919005", "2026-04-20")


@scenario("s17", "anastrozole-xgeva-out-of-scope",
          "F 1965-06-06; anastrozole 199224 active from 2026-05-01; MedicationStatement active "
          "denosumab 120 mg Xgeva 1046398 from 2026-02-01.")
def s17(b):
    b.patient("female", "1965-06-06", "Nielsen", ["Birgit"])
    b.statement("anastrozole", "active", "2026-05-01", rx="199224")
    b.statement("xgeva", "active", "2026-02-01", rx="1046398")


@scenario("s18", "anastrozole-prednisone-270-days",
          "F 1960-01-10; anastrozole 199224 active from 2026-05-02; MedicationStatement completed "
          "prednisone 5 mg 312617 2025-08-05 to 2026-05-02 (270 days); BMI 26, never smoker "
          "(2026-05-02).")
def s18(b):
    b.patient("female", "1960-01-10", "Fischer", ["Ursula"])
    b.statement("anastrozole", "active", "2026-05-02", rx="199224")
    b.statement("prednisone", "completed", "2025-08-05", end="2026-05-02", rx="312617",
                asserted="2026-05-02")
    b.obs("39156-5", "2026-05-02", 26, "bmi")
    b.smoking("266919005", "2026-05-02")


# ---------------------------------------------------------------- scenarios S19-S26 (rule set 2026.2)
RX["72143"] = ("raloxifene", "Raloxifene 60 mg tablet")
DOSAGE["72143"] = "60 mg by mouth once daily"


@scenario("s19", "letrozole-completed-order-supply-with-repeat",
          "F 1957-09-14; MedicationRequest completed letrozole 200064 authored 2025-12-01, "
          "expectedSupplyDuration 3 mo, numberOfRepeatsAllowed 1 (ends 2026-06-01); DXA 2025-11-20 "
          "spine T -1.9, hip T -1.4; BMI 24, never smoker.")
def s19(b):
    b.patient("female", "1957-09-14", "Hansen", ["Inge"])
    b.request("letrozole", "completed", "2025-12-01", "200064", extra={"dispenseRequest": {
        "numberOfRepeatsAllowed": 1,
        "expectedSupplyDuration": {"value": 3, "unit": "months", "system": UCUM, "code": "mo"}}})
    b.dxa("2025-11-20", spine_t=-1.9, hip_t=-1.4)
    b.obs("39156-5", "2025-11-20", 24, "bmi")
    b.smoking("266919005", "2025-11-20")


@scenario("s20", "exemestane-stopped-without-end",
          "F 1961-11-30; MedicationStatement stopped exemestane 310261, effectiveDateTime 2022-09-15, "
          "no end; Condition Z85.3; BMI 31 and smoking daily on 2026-03-10.")
def s20(b):
    b.patient("female", "1961-11-30", "Costa", ["Ana"])
    b.add("exemestane", {
        "resourceType": "MedicationStatement",
        "status": "stopped",
        "medicationCodeableConcept": b.med_concept("310261"),
        "subject": {"reference": b.pref},
        "effectiveDateTime": "2022-09-15",
        "dosage": [{"text": DOSAGE["310261"]}],
    }, "s20-medstmt-exemestane")
    c = b.condition("history", ICD10CM, "Z85.3", "Personal history of malignant neoplasm of breast",
                    None)
    b.obs("39156-5", "2026-03-10", 31, "bmi")
    b.smoking("449868002", "2026-03-10")


@scenario("s21", "premenopausal-anastrozole-without-ovarian-suppression",
          "F 1983-07-19; Condition premenopausal 22636003 onset 2025-10-01; anastrozole 199224 active "
          "from 2026-04-15; Condition C50.911 onset 2026-03-20; DXA 2026-04-20 spine T -0.9, spine Z "
          "-0.8, hip T -0.7; BMI 23, never smoker; vitamin D 36 ng/mL and calcium 9.5 mg/dL on "
          "2026-04-20; estradiol 85 pg/mL on 2026-01-10.")
def s21(b):
    b.patient("female", "1983-07-19", "Silva", ["Marta"])
    b.condition("premenopausal", SNOMED, "22636003", "Premenopausal state (finding)", "2025-10-01")
    b.statement("anastrozole", "active", "2026-04-15", rx="199224")
    b.condition("breast-cancer", ICD10CM, "C50.911",
                "Malignant neoplasm of unspecified site of right female breast", "2026-03-20",
                category="encounter-diagnosis")
    b.dxa("2026-04-20", spine_t=-0.9, spine_z=-0.8, hip_t=-0.7)
    b.obs("39156-5", "2026-04-20", 23, "bmi")
    b.smoking("266919005", "2026-04-20")
    b.obs("62292-8", "2026-04-20", 36, "ng/mL")
    b.obs("17861-6", "2026-04-20", 9.5, "mg/dL")
    b.obs("2243-4", "2026-01-10", 85, "pg/mL")


@scenario("s22", "letrozole-dxa-report-without-values",
          "F 1958-12-05; MedicationRequest active letrozole 200064 authored 2025-08-01; DiagnosticReport "
          "final LOINC 38268-9 effective 2025-09-10 with a PDF and no result; BMI 22, never smoker; "
          "vitamin D 41 ng/mL and calcium 9.3 mg/dL on 2026-02-01. No breast-cancer Condition.")
def s22(b):
    b.patient("female", "1958-12-05", "Weber", ["Gisela"])
    b.request("letrozole", "active", "2025-08-01", "200064")
    b.add("dxa-report", {
        "resourceType": "DiagnosticReport",
        "status": "final",
        "category": [cc("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology")],
        "code": cc(LOINC, "38268-9", LOINC_DISPLAY["38268-9"]),
        "subject": {"reference": b.pref},
        "effectiveDateTime": "2025-09-10",
        "issued": "2025-09-11T09:00:00Z",
        "presentedForm": [{"contentType": "application/pdf", "title": "DXA report",
                           "data": "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK"}],
    }, "s22-report-dxa-2025-09-10")
    b.obs("39156-5", "2026-02-01", 22, "bmi")
    b.smoking("266919005", "2026-02-01")
    b.obs("62292-8", "2026-02-01", 41, "ng/mL")
    b.obs("17861-6", "2026-02-01", 9.3, "mg/dL")


@scenario("s23", "exemestane-zoledronic-acid-regimen-unknown",
          "F 1959-05-22; exemestane 310261 active from 2025-03-01; MedicationStatement completed ATC "
          "M05BA08 (zoledronic acid, no strength or brand), effectivePeriod 2025-07-15 to 2025-07-15; "
          "DXA 2025-02-20 spine T -2.6; BMI 27, never smoker; vitamin D 33 ng/mL and calcium 9.6 mg/dL "
          "on 2026-04-01.")
def s23(b):
    b.patient("female", "1959-05-22", "Ricci", ["Giulia"])
    b.statement("exemestane", "active", "2025-03-01", rx="310261")
    b.statement("zoledronic-acid", "completed", "2025-07-15", end="2025-07-15",
                atc=("M05BA08", "zoledronic acid"), asserted="2025-07-15")
    b.dxa("2025-02-20", spine_t=-2.6)
    b.obs("39156-5", "2026-04-01", 27, "bmi")
    b.smoking("266919005", "2026-04-01")
    b.obs("62292-8", "2026-04-01", 33, "ng/mL")
    b.obs("17861-6", "2026-04-01", 9.6, "mg/dL")


@scenario("s24", "man-anastrozole-egfr-from-creatinine",
          "M 1950-10-03; anastrozole 199224 active from 2026-02-10; DXA 2026-02-01 spine T -2.7, hip T "
          "-2.2; creatinine 2.0 mg/dL (2160-0) on 2026-05-15, no eGFR; estradiol 18 pg/mL on "
          "2026-03-01; vitamin D 34 ng/mL and calcium 9.4 mg/dL on 2026-05-15; BMI 26, never smoker.")
def s24(b):
    b.patient("male", "1950-10-03", "Keller", ["Josef"])
    b.statement("anastrozole", "active", "2026-02-10", rx="199224")
    b.dxa("2026-02-01", spine_t=-2.7, hip_t=-2.2)
    b.obs("2160-0", "2026-05-15", 2.0, "mg/dL")
    b.obs("2243-4", "2026-03-01", 18, "pg/mL")
    b.obs("62292-8", "2026-05-15", 34, "ng/mL")
    b.obs("17861-6", "2026-05-15", 9.4, "mg/dL")
    b.obs("39156-5", "2026-05-15", 26, "bmi")
    b.smoking("266919005", "2026-05-15")


@scenario("s25", "letrozole-new-invasive-breast-cancer-adjuvant",
          "F 1968-04-12; letrozole 200064 active from 2026-01-20; Condition C50.411 onset 2025-12-01; "
          "DXA 2026-01-15 spine T -1.1, hip T -0.8; BMI 29, never smoker; vitamin D 30 ng/mL and "
          "calcium 9.8 mg/dL on 2026-01-15.")
def s25(b):
    b.patient("female", "1968-04-12", "Lindqvist", ["Eva"])
    b.statement("letrozole", "active", "2026-01-20", rx="200064")
    b.condition("breast-cancer", ICD10CM, "C50.411",
                "Malignant neoplasm of upper-outer quadrant of right female breast", "2025-12-01",
                category="encounter-diagnosis")
    b.dxa("2026-01-15", spine_t=-1.1, hip_t=-0.8)
    b.obs("39156-5", "2026-01-15", 29, "bmi")
    b.smoking("266919005", "2026-01-15")
    b.obs("62292-8", "2026-01-15", 30, "ng/mL")
    b.obs("17861-6", "2026-01-15", 9.8, "mg/dL")


@scenario("s26", "anastrozole-with-raloxifene",
          "F 1955-08-30; anastrozole 199224 active from 2025-11-05; raloxifene 72143 active from "
          "2023-04-01; Condition SNOMED 254837009 onset 2025-10-01; DXA 2025-10-20 spine T -1.7; BMI 25, "
          "ex-smoker.")
def s26(b):
    b.patient("female", "1955-08-30", "Murphy", ["Mary"])
    b.statement("anastrozole", "active", "2025-11-05", rx="199224")
    b.statement("raloxifene", "active", "2023-04-01", rx="72143")
    b.condition("breast-cancer", SNOMED, "254837009", "Malignant neoplasm of breast", "2025-10-01")
    b.dxa("2025-10-20", spine_t=-1.7)
    b.obs("39156-5", "2025-10-20", 25, "bmi")
    b.smoking("8517006", "2025-10-20")


# ---------------------------------------------------------------- CDS Hooks request bodies
CDS_DIR = "src/test/resources/fixtures/cds"
EHR_BASE = "https://ehr.example.org/fhir"


def hook_uuid(name):
    return str(uuid.uuid5(NS, "cds/" + name))


def draft_orders(pid, rx, authored, local="draft-1"):
    disp, text = RX[rx]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{
            "fullUrl": "%s/MedicationRequest/%s" % (EHR_BASE, local),
            "resource": {
                "resourceType": "MedicationRequest",
                "id": local,
                "status": "draft",
                "intent": "order",
                "medicationCodeableConcept": cc(RXNORM, rx, disp, text),
                "subject": {"reference": "Patient/" + pid},
                "authoredOn": authored,
                "requester": {"reference": "Practitioner/example"},
                "dosageInstruction": [{"text": DOSAGE[rx]}],
            },
        }],
    }


def searchset(resources, query):
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": EHR_BASE + "/" + query}],
        "entry": [{"fullUrl": "%s/%s/%s" % (EHR_BASE, r["resourceType"], r["id"]),
                   "resource": r, "search": {"mode": "match"}} for r in resources],
    }


def as_server_resources(builder, rtype):
    """The builder's POST entries of one type, as a server would return them (ids, meta)."""
    out = []
    for e in builder.entries:
        r = json.loads(json.dumps(e["resource"]))
        if r["resourceType"] != rtype or e["request"]["method"] != "POST":
            continue
        r = {"resourceType": rtype, "id": r["identifier"][0]["value"],
             "meta": {"versionId": "1", "lastUpdated": "2026-06-01T08:00:00Z"},
             **{k: v for k, v in r.items() if k != "resourceType"}}
        out.append(r)
    return out


def patient_resource(builder):
    p = json.loads(json.dumps(builder.entries[0]["resource"]))
    return {"resourceType": "Patient", "id": p["id"],
            "meta": {"versionId": "1", "lastUpdated": "2026-06-01T08:00:00Z"},
            **{k: v for k, v in p.items() if k not in ("resourceType", "id")}}


def cds_fixtures():
    s14 = Builder("s14", "s14")
    s14.patient("female", "1967-08-08", "Novak", ["Eva"])
    write(os.path.join(CDS_DIR, "s14-order-sign.json"), {
        "hook": "order-sign",
        "hookInstance": hook_uuid("s14-order-sign"),
        "context": {
            "userId": "Practitioner/example",
            "patientId": "s14",
            "draftOrders": draft_orders("s14", "199224", "2026-06-01"),
        },
        "prefetch": {
            "patient": patient_resource(s14),
            "medicationRequests": None,
            "medicationStatements": None,
            "observations": None,
            "conditions": None,
        },
    })

    s02 = Builder("s02", "s02")
    s02_data(s02)
    write(os.path.join(CDS_DIR, "order-sign-full-prefetch.json"), {
        "hook": "order-sign",
        "hookInstance": hook_uuid("order-sign-full-prefetch"),
        "context": {
            "userId": "Practitioner/example",
            "patientId": "s02",
            "draftOrders": draft_orders("s02", "200064", "2026-06-01", "draft-letrozole-renewal"),
        },
        "prefetch": {
            "patient": patient_resource(s02),
            "medicationRequests": searchset(as_server_resources(s02, "MedicationRequest"),
                "MedicationRequest?patient=s02&status=active,completed,stopped,on-hold"),
            "medicationStatements": searchset(as_server_resources(s02, "MedicationStatement"),
                "MedicationStatement?patient=s02"),
            "observations": searchset(as_server_resources(s02, "Observation"),
                "Observation?patient=s02&category=laboratory,imaging,vital-signs,social-history"),
            "conditions": searchset(as_server_resources(s02, "Condition"),
                "Condition?patient=s02"),
        },
    })

    write(os.path.join(CDS_DIR, "order-select-operationoutcome.json"), {
        "hook": "order-select",
        "hookInstance": hook_uuid("order-select-operationoutcome"),
        "context": {
            "userId": "Practitioner/example",
            "patientId": "s14",
            "selections": ["MedicationRequest/draft-1"],
            "draftOrders": draft_orders("s14", "199224", "2026-06-01"),
        },
        "prefetch": {
            "patient": patient_resource(s14),
            "medicationRequests": searchset(
                [], "MedicationRequest?patient=s14&status=active,completed,stopped,on-hold"),
            "medicationStatements": searchset([], "MedicationStatement?patient=s14"),
            "observations": {
                "resourceType": "OperationOutcome",
                "issue": [{
                    "severity": "error",
                    "code": "timeout",
                    "diagnostics": "Prefetch query Observation?patient=s14&category=laboratory,"
                                   "imaging,vital-signs,social-history timed out after 5000 ms",
                }],
            },
        },
    })


# ---------------------------------------------------------------- README examples
EXAMPLES = "examples"
NPI = "http://hl7.org/fhir/sid/us-npi"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CVX = "http://hl7.org/fhir/sid/cvx"
PART_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
EXTRA_LOINC = {
    "24323-8": "Comprehensive metabolic 2000 panel - Serum or Plasma",
    "2986-8": "Testosterone [Mass/volume] in Serum or Plasma",
    "2857-1": "Prostate specific Ag [Mass/volume] in Serum or Plasma",
    "4544-3": "Hematocrit [Volume Fraction] of Blood by Automated count",
    "85354-9": "Blood pressure panel with all children optional",
    "8480-6": "Systolic blood pressure",
    "8462-4": "Diastolic blood pressure",
}
LOINC_DISPLAY.update(EXTRA_LOINC)
CATEGORY_OF.update({"2986-8": LAB, "2857-1": LAB, "4544-3": LAB, "85354-9": VITAL})
UNITS.update({"ng/dL": ("ng/dL", "ng/dL"), "%": ("%", "%"), "mmHg": ("mmHg", "mm[Hg]")})


def cond_ref(system, value):
    return {"reference": "Practitioner?identifier=%s|%s" % (system, value)}


class Example(Builder):
    """An EHR export: practitioner, organisation and encounter references on the records."""

    def org(self, npi, name, city):
        self.org_url = self.add("org", {
            "resourceType": "Organization",
            "active": True,
            "type": [cc("http://terminology.hl7.org/CodeSystem/organization-type", "prov",
                        "Healthcare Provider")],
            "name": name,
            "telecom": [{"system": "phone", "value": "+1-555-010-2000", "use": "work"}],
            "address": [{"line": ["100 Hospital Drive"], "city": city, "state": "IL",
                         "postalCode": "62701", "country": "US"}],
        }, npi, ident_system=NPI)
        return self.org_url

    def practitioner(self, local, npi, family, given, prefix="Dr."):
        self.add(local, {
            "resourceType": "Practitioner",
            "active": True,
            "name": [{"use": "official", "family": family, "given": given, "prefix": [prefix]}],
            "telecom": [{"system": "phone", "value": "+1-555-010-2100", "use": "work"}],
        }, npi, ident_system=NPI)
        return cond_ref(NPI, npi)

    def encounter(self, local, start, end, who, reason_text, type_code, type_display):
        return self.add(local, {
            "resourceType": "Encounter",
            "status": "finished",
            "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
            "type": [cc(SNOMED, type_code, type_display)],
            "subject": {"reference": self.pref},
            "participant": [{
                "type": [cc(PART_TYPE, "PPRF", "primary performer")],
                "individual": who}],
            "period": {"start": start, "end": end},
            "reasonCode": [{"text": reason_text}],
            "serviceProvider": {"reference": self.org_url},
        }, "%s-enc-%s" % (self.pid, local))

    def lab(self, code, when, value, unit, enc, who, ref_range=None):
        extra = {"encounter": {"reference": enc}, "performer": [{"reference": self.org_url}]}
        if ref_range:
            lo, hi = ref_range
            u, c = UNITS[unit]
            extra["referenceRange"] = [{
                "low": {"value": lo, "unit": u, "system": UCUM, "code": c},
                "high": {"value": hi, "unit": u, "system": UCUM, "code": c}}]
        return self.obs(code, when, value, unit, extra=extra)

    def vitals(self, when, enc, who, weight=None, height=None, bmi=None, bp=None):
        extra = {"encounter": {"reference": enc}, "performer": [who]}
        urls = []
        if weight is not None:
            urls.append(self.obs("29463-7", when, weight, "kg", extra=dict(extra)))
        if height is not None:
            urls.append(self.obs("8302-2", when, height, "cm", extra=dict(extra)))
        if bmi is not None:
            urls.append(self.obs("39156-5", when, bmi, "bmi", extra=dict(extra)))
        if bp is not None:
            o = {
                "resourceType": "Observation",
                "status": "final",
                "category": [cc(OBS_CAT, *VITAL)],
                "code": cc(LOINC, "85354-9", LOINC_DISPLAY["85354-9"]),
                "subject": {"reference": self.pref},
                "encounter": {"reference": enc},
                "effectiveDateTime": when,
                "issued": when + "T12:00:00Z",
                "performer": [who],
                "component": [
                    {"code": cc(LOINC, "8480-6", "Systolic blood pressure"),
                     "valueQuantity": qty(bp[0], "mmHg")},
                    {"code": cc(LOINC, "8462-4", "Diastolic blood pressure"),
                     "valueQuantity": qty(bp[1], "mmHg")},
                ],
            }
            urls.append(self.add("bp-" + when, o, "%s-obs-85354-9-%s" % (self.pid, when)))
        return urls

    def smoking_at(self, answer, when, enc, who):
        url = self.smoking(answer, when)
        r = self.entries[-1]["resource"]
        r["encounter"] = {"reference": enc}
        r["performer"] = [who]
        return url

    def lab_report(self, local, when, enc, results, conclusion=None):
        dr = {
            "resourceType": "DiagnosticReport",
            "status": "final",
            "category": [cc(V2_0074, "LAB", "Laboratory")],
            "code": cc(LOINC, "24323-8", LOINC_DISPLAY["24323-8"], "Metabolic panel with vitamin D"),
            "subject": {"reference": self.pref},
            "encounter": {"reference": enc},
            "effectiveDateTime": when,
            "issued": when + "T16:30:00Z",
            "performer": [{"reference": self.org_url}],
            "result": [{"reference": u} for u in results],
        }
        if conclusion:
            dr["conclusion"] = conclusion
        return self.add(local, dr, "%s-dr-%s" % (self.pid, local))

    def immunization(self, when, enc, who, lot):
        return self.add("flu-" + when, {
            "resourceType": "Immunization",
            "status": "completed",
            "vaccineCode": cc(CVX, "150", "Influenza, injectable, quadrivalent, preservative free"),
            "patient": {"reference": self.pref},
            "encounter": {"reference": enc},
            "occurrenceDateTime": when,
            "primarySource": True,
            "lotNumber": lot,
            "site": cc("http://terminology.hl7.org/CodeSystem/v3-ActSite", "LD", "left deltoid"),
            "route": cc("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", "IM",
                        "Injection, intramuscular"),
            "performer": [{"actor": who}],
        }, "%s-imm-flu-%s" % (self.pid, when))


def example_anastrozole():
    b = Example("example-anastrozole", "example-anastrozole")
    b.patient("female", "1961-09-14", "Whitaker", ["Janet", "Louise"], extra={
        "telecom": [{"system": "phone", "value": "+1-555-013-4477", "use": "home"}],
        "address": [{"use": "home", "line": ["42 Maple Street"], "city": "Springfield",
                     "state": "IL", "postalCode": "62704", "country": "US"}],
        "communication": [{"language": cc("urn:ietf:bcp:47", "en-US", "English (United States)"),
                           "preferred": True}],
    })
    b.org("1765432103", "Springfield Regional Cancer Center", "Springfield")
    onc = b.practitioner("oncologist", "1234567893", "Okafor", ["Adaeze"])
    rad = b.practitioner("radiologist", "1987654328", "Lindqvist", ["Erik"])
    enc_dx = b.encounter("oncology-2026-09-02", "2026-09-02T09:00:00-05:00",
                         "2026-09-02T09:40:00-05:00", onc, "New breast cancer diagnosis",
                         "11429006", "Consultation")
    enc_dxa = b.encounter("dxa-2026-10-06", "2026-10-06T13:00:00-05:00",
                          "2026-10-06T13:30:00-05:00", rad, "Baseline bone density before "
                          "aromatase-inhibitor therapy", "185349003", "Encounter for check up")
    enc_start = b.encounter("oncology-2026-10-14", "2026-10-14T10:00:00-05:00",
                            "2026-10-14T10:30:00-05:00", onc, "Start adjuvant endocrine therapy",
                            "11429006", "Consultation")
    bc = b.condition("breast-cancer", SNOMED, "254837009", "Malignant neoplasm of breast",
                     "2026-08-20", text="Invasive ductal carcinoma, left breast, ER+/PR+, HER2-",
                     category="encounter-diagnosis", extra={
                         "encounter": {"reference": enc_dx}, "recorder": onc, "asserter": onc})
    b.entries[-1]["resource"]["code"]["coding"].append(
        {"system": ICD10CM, "code": "C50.412",
         "display": "Malignant neoplasm of upper-outer quadrant of left female breast"})
    b.condition("postmenopausal", SNOMED, "76498008", "Postmenopausal state (finding)",
                "2013-05-01", extra={"recorder": onc})
    b.add("lumpectomy", {
        "resourceType": "Procedure",
        "status": "completed",
        "code": cc(SNOMED, "392021009", "Lumpectomy of breast", "Left breast lumpectomy"),
        "subject": {"reference": b.pref},
        "performedDateTime": "2026-09-10",
        "performer": [{"actor": onc}],
        "reasonReference": [{"reference": bc}],
        "bodySite": [cc(SNOMED, "80248007", "Left breast structure")],
    }, "example-anastrozole-proc-lumpectomy")
    dxa_when = "2026-10-06"
    dxa_extra = {"encounter": {"reference": enc_dxa}, "performer": [rad],
                 "method": cc(SNOMED, "241686001", "Dual energy X-ray absorptiometry")}
    dxa_results = []
    for code, v, u in (("38267-1", -1.6, "t"), ("24966-4", 0.912, "bmd"),
                       ("38264-8", -1.1, "t"), ("38261-4", 0.842, "bmd"),
                       ("38263-0", -1.4, "t"), ("24701-5", 0.731, "bmd")):
        dxa_results.append(b.obs(code, dxa_when, v, u, extra=dict(dxa_extra)))
    b.add("dxa-procedure", {
        "resourceType": "Procedure",
        "status": "completed",
        "code": cc(SNOMED, "312681000", "Bone density scan (procedure)", "DXA lumbar spine and hip"),
        "subject": {"reference": b.pref},
        "encounter": {"reference": enc_dxa},
        "performedDateTime": dxa_when,
        "performer": [{"actor": rad}],
    }, "example-anastrozole-proc-dxa-2026-10-06")
    b.add("dxa-report", {
        "resourceType": "DiagnosticReport",
        "status": "final",
        "category": [cc(V2_0074, "RAD", "Radiology")],
        "code": cc(LOINC, "38268-9", "DXA Skeletal system Views for bone density"),
        "subject": {"reference": b.pref},
        "encounter": {"reference": enc_dxa},
        "effectiveDateTime": dxa_when,
        "issued": "2026-10-07T08:15:00-05:00",
        "performer": [rad],
        "resultsInterpreter": [rad],
        "result": [{"reference": u} for u in dxa_results],
        "conclusion": "Osteopenia (lowest T-score -1.6 at L1-L4). Baseline study before "
                      "aromatase-inhibitor therapy.",
    }, "example-anastrozole-dr-dxa-2026-10-06")
    labs_when = "2026-10-06"
    labs = [
        b.lab("62292-8", labs_when, 24, "ng/mL", enc_dxa, onc, (30, 100)),
        b.lab("17861-6", labs_when, 9.3, "mg/dL", enc_dxa, onc, (8.5, 10.2)),
        b.lab("2160-0", labs_when, 0.82, "mg/dL", enc_dxa, onc, (0.5, 1.1)),
        b.lab("33914-3", labs_when, 78, "egfr", enc_dxa, onc),
    ]
    b.lab_report("labs-2026-10-06", labs_when, enc_dxa, labs,
                 "Vitamin D insufficient (24 ng/mL). Calcium and renal function normal.")
    b.vitals("2026-10-14", enc_start, onc, weight=68.0, height=160.5, bmi=26.4, bp=(128, 78))
    b.smoking_at("266919005", "2026-10-14", enc_start, onc)
    b.request("anastrozole", "active", "2026-10-14", "199224", extra={
        "encounter": {"reference": enc_start},
        "requester": onc,
        "reasonReference": [{"reference": bc}],
        "courseOfTherapyType": cc("http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy",
                                  "continuous", "Continuous long term therapy"),
        "dispenseRequest": {
            "validityPeriod": {"start": "2026-10-14", "end": "2027-10-14"},
            "numberOfRepeatsAllowed": 3,
            "quantity": {"value": 90, "unit": "tablet", "system": UCUM, "code": "{tbl}"},
            "expectedSupplyDuration": {"value": 90, "unit": "days", "system": UCUM, "code": "d"},
        },
    })
    b.entries[-1]["resource"]["dosageInstruction"] = [{
        "text": "1 mg by mouth once daily",
        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d",
                              "boundsPeriod": {"start": "2026-10-15"}}},
        "route": cc(SNOMED, "26643006", "Oral route"),
        "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet", "system": UCUM,
                                          "code": "{tbl}"}}],
    }]
    b.statement("lisinopril", "active", "2019-03-01", concept={
        "medicationCodeableConcept": cc(RXNORM, "314076", "lisinopril 10 MG Oral Tablet",
                                        "Lisinopril 10 mg tablet")},
                dosage="10 mg by mouth once daily", asserted="2026-10-14")
    b.add("allergy-penicillin", {
        "resourceType": "AllergyIntolerance",
        "clinicalStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                             "active", "Active"),
        "verificationStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                                 "confirmed", "Confirmed"),
        "type": "allergy",
        "category": ["medication"],
        "criticality": "low",
        "code": cc(RXNORM, "70618", "penicillin", "Penicillin"),
        "patient": {"reference": b.pref},
        "recordedDate": "2026-09-02",
        "reaction": [{"manifestation": [cc(SNOMED, "271807003", "Eruption of skin")]}],
    }, "example-anastrozole-allergy-penicillin")
    b.immunization("2026-10-14", enc_start, onc, "FL2026-0417")
    return b


def example_letrozole():
    b = Example("example-letrozole", "example-letrozole")
    b.patient("female", "1958-11-02", "Castellano", ["Rosa"], extra={
        "address": [{"use": "home", "line": ["7 Lakeview Court"], "city": "Springfield",
                     "state": "IL", "postalCode": "62711", "country": "US"}],
    })
    b.org("1765432103", "Springfield Regional Cancer Center", "Springfield")
    onc = b.practitioner("oncologist", "1452369873", "Haddad", ["Samir"])
    pcp = b.practitioner("gp", "1122334455", "Brennan", ["Siobhan"])
    enc_pcp = b.encounter("primary-care-2026-08-18", "2026-08-18T08:30:00-05:00",
                          "2026-08-18T08:50:00-05:00", pcp, "Annual review",
                          "185349003", "Encounter for check up")
    enc_onc = b.encounter("oncology-2026-10-28", "2026-10-28T11:00:00-05:00",
                          "2026-10-28T11:45:00-05:00", onc, "Adjuvant endocrine therapy after surgery",
                          "11429006", "Consultation")
    bc = b.condition("breast-cancer", SNOMED, "254837009", "Malignant neoplasm of breast",
                     "2026-07-22", text="Invasive lobular carcinoma, right breast, ER+",
                     extra={"recorder": onc})
    b.entries[-1]["resource"]["code"]["coding"].append(
        {"system": ICD10CM, "code": "C50.911",
         "display": "Malignant neoplasm of unspecified site of right female breast"})
    b.condition("hypertension", ICD10CM, "I10", "Essential (primary) hypertension", "2015-04-10",
                extra={"recorder": pcp})
    b.condition("hypothyroidism", ICD10CM, "E03.9", "Hypothyroidism, unspecified", "2018-02-01",
                extra={"recorder": pcp})
    b.add("mastectomy", {
        "resourceType": "Procedure",
        "status": "completed",
        "code": cc(SNOMED, "392021009", "Lumpectomy of breast", "Right breast lumpectomy and "
                   "sentinel node biopsy"),
        "subject": {"reference": b.pref},
        "performedDateTime": "2026-08-27",
        "performer": [{"actor": onc}],
        "reasonReference": [{"reference": bc}],
        "bodySite": [cc(SNOMED, "73056007", "Right breast structure")],
    }, "example-letrozole-proc-lumpectomy")
    b.vitals("2026-08-18", enc_pcp, pcp, weight=71.2, height=163.0, bmi=26.8, bp=(136, 84))
    b.vitals("2026-10-28", enc_onc, onc, weight=70.4, bmi=26.5, bp=(132, 82))
    b.smoking_at("8517006", "2026-08-18", enc_pcp, pcp)
    labs = [
        b.lab("17861-6", "2026-08-18", 9.6, "mg/dL", enc_pcp, pcp, (8.5, 10.2)),
        b.lab("2160-0", "2026-08-18", 0.91, "mg/dL", enc_pcp, pcp, (0.5, 1.1)),
        b.lab("33914-3", "2026-08-18", 66, "egfr", enc_pcp, pcp),
    ]
    b.lab_report("labs-2026-08-18", "2026-08-18", enc_pcp, labs)
    b.request("letrozole", "active", "2026-10-28", "200064", extra={
        "encounter": {"reference": enc_onc},
        "requester": onc,
        "reasonReference": [{"reference": bc}],
        "dispenseRequest": {
            "numberOfRepeatsAllowed": 3,
            "quantity": {"value": 90, "unit": "tablet", "system": UCUM, "code": "{tbl}"},
            "expectedSupplyDuration": {"value": 90, "unit": "days", "system": UCUM, "code": "d"},
        },
    })
    b.statement("lisinopril", "active", "2015-04-10", concept={
        "medicationCodeableConcept": cc(RXNORM, "314076", "lisinopril 10 MG Oral Tablet",
                                        "Lisinopril 10 mg tablet")},
                dosage="10 mg by mouth once daily", asserted="2026-08-18")
    b.statement("levothyroxine", "active", "2018-02-01", concept={
        "medicationCodeableConcept": {"text": "Levothyroxine 75 micrograms tablet"}},
                dosage="75 micrograms by mouth once daily before breakfast", asserted="2026-08-18")
    b.immunization("2026-10-28", enc_onc, onc, "FL2026-0932")
    return b


def example_man():
    b = Example("example-man", "example-man")
    b.patient("male", "1963-04-27", "Okonkwo", ["Daniel"], extra={
        "address": [{"use": "home", "line": ["18 Birch Avenue"], "city": "Springfield",
                     "state": "IL", "postalCode": "62702", "country": "US"}],
    })
    b.org("1579246830", "Springfield Men's Health Clinic", "Springfield")
    endo = b.practitioner("endocrinologist", "1346792587", "Varga", ["Tamas"])
    enc1 = b.encounter("endocrinology-2026-07-09", "2026-07-09T09:15:00-05:00",
                       "2026-07-09T09:45:00-05:00", endo, "Testosterone therapy review",
                       "11429006", "Consultation")
    enc2 = b.encounter("endocrinology-2026-10-21", "2026-10-21T14:00:00-05:00",
                       "2026-10-21T14:30:00-05:00", endo, "High estradiol on testosterone therapy",
                       "11429006", "Consultation")
    b.condition("hypogonadism", ICD10CM, "E29.1", "Testicular hypofunction", "2024-01-15",
                text="Male hypogonadism", extra={"recorder": endo})
    b.statement("testosterone", "active", "2024-02-01", concept={
        "medicationCodeableConcept": {
            "coding": [{"system": ATC, "code": "G03BA03", "display": "testosterone"}],
            "text": "Testosterone cypionate 200 mg/mL injection"}},
                dosage="100 mg intramuscularly every week", asserted="2026-10-21")
    labs1 = [
        b.lab("2986-8", "2026-07-09", 742, "ng/dL", enc1, endo, (264, 916)),
        b.lab("2243-4", "2026-07-09", 41, "pg/mL", enc1, endo, (8, 35)),
        b.lab("4544-3", "2026-07-09", 49.5, "%", enc1, endo, (38.5, 50)),
        b.lab("2857-1", "2026-07-09", 1.1, "ng/mL", enc1, endo, (0, 4)),
    ]
    b.lab_report("labs-2026-07-09", "2026-07-09", enc1, labs1)
    labs2 = [
        b.lab("2986-8", "2026-10-14", 815, "ng/dL", enc2, endo, (264, 916)),
        b.lab("2243-4", "2026-10-14", 58, "pg/mL", enc2, endo, (8, 35)),
        b.lab("4544-3", "2026-10-14", 51.2, "%", enc2, endo, (38.5, 50)),
        b.lab("17861-6", "2026-10-14", 9.5, "mg/dL", enc2, endo, (8.5, 10.2)),
        b.lab("33914-3", "2026-10-14", 88, "egfr", enc2, endo),
    ]
    b.lab_report("labs-2026-10-14", "2026-10-14", enc2, labs2,
                 "Estradiol above range on testosterone therapy; haematocrit 51.2 %.")
    b.vitals("2026-10-21", enc2, endo, weight=92.3, height=178.0, bmi=29.1, bp=(138, 86))
    b.smoking_at("266919005", "2026-10-21", enc2, endo)
    b.request("anastrozole", "active", "2026-10-21", "199224",
              dosage="0.5 mg (half tablet) by mouth twice weekly", extra={
                  "encounter": {"reference": enc2},
                  "requester": endo,
                  "reasonCode": [{"text": "Elevated estradiol on testosterone therapy"}],
              })
    b.immunization("2026-10-21", enc2, endo, "FL2026-1188")
    return b


EXAMPLE_FILES = [
    ("anastrozole-start-with-dxa.json", example_anastrozole,
     "Postmenopausal woman starting anastrozole on 2026-10-14 after a baseline DXA (spine/hip/femur "
     "T-scores and BMD), vitamin D, calcium, creatinine, eGFR, BMI and smoking status, with "
     "practitioners, organisation, encounters, procedures, reports, an allergy and an immunisation."),
    ("letrozole-no-dxa.json", example_letrozole,
     "Woman starting letrozole on 2026-10-28 who never had a DXA or a vitamin D test; "
     "hypertension, hypothyroidism and their medicines (ignored by the rules)."),
    ("man-testosterone-anastrozole.json", example_man,
     "Man on testosterone started on anastrozole 0.5 mg twice weekly on 2026-10-21 for a high "
     "estradiol (LOINC 2243-4); no DXA."),
]


def examples():
    lines = ["# Example bundles", "",
             "FHIR R4 transaction Bundles for the README's curl example "
             "(`curl -X POST -H 'Content-Type: application/fhir+json' --data @examples/<file> "
             "http://localhost:8080/fhir`). Dates are in 2026; the service evaluates them as of today.",
             ""]
    for name, fn, desc in EXAMPLE_FILES:
        b = fn()
        write(os.path.join(EXAMPLES, name), b.bundle())
        lines.append("- `%s` (%d entries): %s" % (name, len(b.entries), desc))
    with open(os.path.join(EXAMPLES, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def bundles_readme():
    lines = [
        "# Scenario fixtures",
        "",
        "One FHIR R4 `transaction` Bundle per scenario of `shared/clinical/scenarios.md` "
        "(evaluation date 2026-06-01), holding exactly the record the scenario describes. "
        "S14 is a CDS Hooks request: `../cds/s14-order-sign.json`.",
        "",
        "Conventions: Patient `PUT Patient/sNN` (identifier `urn:oid:2.16.840.1.113883.19.5|MRN-SNN`); "
        "every other entry is `POST` with a `urn:uuid` fullUrl and "
        "`ifNoneExist: identifier=urn:oid:2.16.840.1.113883.19.5.99|<stable value>`. "
        "Files marked *urn* reference the patient by the Patient entry's `urn:uuid` fullUrl "
        "(reference rewriting); the others use `Patient/sNN`. T- and Z-scores are "
        "`valueQuantity` with UCUM code `1`. Where the scenario gives no date for BMI, smoking "
        "status or a non-AI medicine, the file uses the date noted below. Generated by "
        "`src/test/tools/make-fixtures.py`; validated by `FixturesAreValidFhirTest`.",
        "",
        "| scenario | file | holds |",
        "| --- | --- | --- |",
    ]
    for sid, name, summary, by_uuid in SCENARIOS:
        lines.append("| %s | `%s`%s | %s |" % (sid, name, " *urn*" if by_uuid else "", summary))
    lines.append("| S14 | `../cds/s14-order-sign.json` | CDS Hooks `order-sign`: draft "
                 "MedicationRequest anastrozole 199224 for F 1967-08-08; prefetch holds only the "
                 "Patient (other keys `null`). |")
    lines += [
        "",
        "Choices where the scenario is silent:",
        "",
        "- Dates of BMI, weight/height and smoking status: the AI start or DXA date shown above "
        "(always within 24 months of 2026-06-01). S06 testosterone starts 2024-09-01; S17 Xgeva "
        "starts 2026-02-01 (D7 ignores dates).",
        "- S12: the 2022 hip fracture Condition is `active`/`confirmed` (problem-list item); RF5 "
        "reads the onset, not the status.",
        "- S16: a value in nmol/L needs a Moles/volume code; the only one in `codes.csv` group "
        "`lab-25ohd` is LOINC 14635-7 (25-OH vitamin D3), used with `nmol/L`.",
        "- S04/S05: total-hip T-scores only (no hip BMD), so A5 compares the spine alone.",
        "- Patient entries without a `urn:uuid` fullUrl have no fullUrl (a PUT needs none).",
    ]
    with open(os.path.join(BUNDLES, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    cds_fixtures()
    examples()
    bundles_readme()
    print("scenarios: %d, examples: %d" % (len(SCENARIOS), len(EXAMPLE_FILES)))

package org.bonemonitor.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.guideline.DrugClass;
import org.bonemonitor.guideline.LabResult;
import org.bonemonitor.guideline.LabStatus;
import org.bonemonitor.guideline.MedicationEvidence;
import org.bonemonitor.guideline.Outcome;
import org.bonemonitor.guideline.PatientSnapshot;
import org.bonemonitor.terminology.Groups;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The record shapes of RULES.md §6 (EHR exports, Synthea) as the snapshot builder reads them. */
class RealWorldShapesTest {

    static final LocalDate AS_OF = LocalDate.parse("2026-06-01");
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String PATIENT = """
            {"resourceType": "Patient", "id": "p", "gender": "female", "birthDate": "1960-02-02"}""";
    static final String RX = "http://www.nlm.nih.gov/research/umls/rxnorm";

    static PatientSnapshot snapshot(String... json) {
        List<Resource> resources = new ArrayList<>();
        resources.add((Resource) FHIR.newJsonParser().parseResource(PATIENT));
        for (String j : json) {
            resources.add((Resource) FHIR.newJsonParser().parseResource(j));
        }
        return SnapshotBuilder.standard().build(resources, AS_OF);
    }

    static String statement(String id, String status, String concept, String extra) {
        return """
                {"resourceType": "MedicationStatement", "id": "%s", "status": "%s", "medicationCodeableConcept": %s,
                 "subject": {"reference": "Patient/p"}%s}""".formatted(id, status, concept, extra);
    }

    static String rx(String code, String display) {
        return """
                {"coding": [{"system": "%s", "code": "%s", "display": "%s"}]}""".formatted(RX, code, display);
    }

    static MedicationEvidence only(PatientSnapshot s, DrugClass drug) {
        return s.medications().stream().filter(m -> m.drug() == drug).findFirst().orElseThrow();
    }

    @Test
    void aDispenseStartsAtItsDosageBoundsBeforeItsHandoverAndItsSupplyRunsFromTheHandover() {
        PatientSnapshot s = snapshot("""
                {"resourceType": "MedicationDispense", "id": "d", "status": "completed",
                 "medicationCodeableConcept": %s, "subject": {"reference": "Patient/p"},
                 "whenHandedOver": "2026-05-10", "daysSupply": {"value": 90, "unit": "d", "code": "d"},
                 "dosageInstruction": [{"timing": {"repeat": {"boundsPeriod": {"start": "2026-05-01"}}}}]}"""
                .formatted(rx("199224", "anastrozole 1 MG Oral Tablet")));
        MedicationEvidence d = only(s, DrugClass.ANASTROZOLE);
        assertThat(d.start()).contains(LocalDate.parse("2026-05-01"));
        assertThat(d.handedOver()).contains(LocalDate.parse("2026-05-10"));
        assertThat(d.supply()).contains(Period.ofDays(90));
        assertThat(BoneHealthRules.assess(s).episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2026-05-01"));
    }

    @Test
    void anOrdersSupplyIsExpectedDurationTimesOnePlusRepeatsInCalendarMonths() {
        PatientSnapshot s = snapshot("""
                {"resourceType": "MedicationRequest", "id": "r", "status": "completed", "intent": "order",
                 "medicationCodeableConcept": %s, "subject": {"reference": "Patient/p"}, "authoredOn": "2025-12-01",
                 "dispenseRequest": {"numberOfRepeatsAllowed": 1,
                   "validityPeriod": {"start": "2025-12-01"},
                   "expectedSupplyDuration": {"value": 3, "unit": "months", "system": "http://unitsofmeasure.org", "code": "mo"}}}"""
                .formatted(rx("200064", "letrozole 2.5 MG Oral Tablet")));
        assertThat(only(s, DrugClass.LETROZOLE).supply()).contains(Period.ofMonths(6));
        assertThat(BoneHealthRules.assess(s).episode().orElseThrow().active()).isTrue();
    }

    @Test
    void xgevaNamedTheRxNormWayIsMetastaticCare() {
        PatientSnapshot s = snapshot(statement("ai", "active", rx("199224", "anastrozole 1 MG Oral Tablet"),
                ", \"effectiveDateTime\": \"2026-05-01\""),
                statement("x", "active", "{\"text\": \"1.7 ML denosumab 70 MG/ML Injection\"}", ", \"effectiveDateTime\": \"2026-05-01\""));
        assertThat(s.medications()).extracting(MedicationEvidence::drug).contains(DrugClass.DENOSUMAB_120)
                .doesNotContain(DrugClass.DENOSUMAB_60);
        assertThat(BoneHealthRules.assess(s).outcome()).isEqualTo(Outcome.OUT_OF_SCOPE);
    }

    @Test
    void aDenosumabBiosimilarIsRecognisedByName() {
        PatientSnapshot s = snapshot(statement("j", "active", "{\"text\": \"Jubbonti 60 mg/mL prefilled syringe\"}",
                ", \"effectiveDateTime\": \"2026-03-01\""));
        assertThat(only(s, DrugClass.DENOSUMAB_60).regimen()).isEqualTo(MedicationEvidence.Regimen.DENOSUMAB_60);
    }

    @Test
    void theRegimenOfABisphosphonateIsReadFromItsCodingDisplayOrText() {
        assertThat(only(snapshot(statement("z4", "completed", rx("1114085", "100 ML zoledronic acid 0.04 MG/ML Injection"), "")),
                DrugClass.BISPHOSPHONATE).regimen()).isEqualTo(MedicationEvidence.Regimen.ZOLEDRONIC_ACID_4MG);
        assertThat(only(snapshot(statement("z5", "completed", "{\"text\": \"Reclast 5 mg/100 mL infusion\"}", "")),
                DrugClass.BISPHOSPHONATE).regimen()).isEqualTo(MedicationEvidence.Regimen.ZOLEDRONIC_ACID_5MG);
        assertThat(only(snapshot(statement("zx", "completed", """
                {"coding": [{"system": "http://www.whocc.no/atc", "code": "M05BA08", "display": "zoledronic acid"}]}""", "")),
                DrugClass.BISPHOSPHONATE).regimen()).isEqualTo(MedicationEvidence.Regimen.UNKNOWN);
        assertThat(only(snapshot(statement("ib", "active", "{\"text\": \"Ibandronate 3 mg/3 mL prefilled syringe\"}", "")),
                DrugClass.BISPHOSPHONATE).regimen()).isEqualTo(MedicationEvidence.Regimen.IV_IBANDRONATE);
        assertThat(only(snapshot(statement("al", "active", "{\"text\": \"Alendronate 70 mg tablet weekly\"}", "")),
                DrugClass.BISPHOSPHONATE).regimen()).isEqualTo(MedicationEvidence.Regimen.ORAL_BISPHOSPHONATE);
        assertThat(only(snapshot(statement("t", "active", "{\"text\": \"Forteo 20 mcg daily\"}", "")), DrugClass.ANABOLIC).regimen())
                .isEqualTo(MedicationEvidence.Regimen.ANABOLIC);
    }

    @Test
    void aTopicalOrInhaledSteroidIsNotSystemic() {
        PatientSnapshot s = snapshot(statement("c", "active", "{\"text\": \"Hydrocortisone 1% cream\"}", ""),
                statement("i", "active", "{\"text\": \"prednisolone\"}", """
                        , "dosage": [{"route": {"coding": [{"system": "http://snomed.info/sct", "code": "46713006", "display": "Nasal route"}]}}]"""),
                statement("o", "active", "{\"text\": \"prednisone 5 mg tablet\"}", ""));
        assertThat(s.medications()).filteredOn(m -> m.drug() == DrugClass.GLUCOCORTICOID)
                .extracting(m -> m.sourceId() + " " + m.route())
                .containsExactlyInAnyOrder("MedicationStatement/c LOCAL", "MedicationStatement/i LOCAL", "MedicationStatement/o ORAL");
    }

    @Test
    void aDxaReportWithoutValuesAndAnOophorectomyAreRead() {
        PatientSnapshot s = snapshot("""
                {"resourceType": "DiagnosticReport", "id": "dxa", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "38268-9"}]}, "subject": {"reference": "Patient/p"},
                 "effectiveDateTime": "2025-09-10",
                 "presentedForm": [{"contentType": "application/pdf", "data": "JVBERi0xLjQK"}]}""", """
                {"resourceType": "Procedure", "id": "bso", "status": "completed",
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "29827000"}]}, "subject": {"reference": "Patient/p"},
                 "performedDateTime": "2012-04-01"}""");
        assertThat(s.procedures()).extracting(p -> p.sourceId() + " " + p.date().orElseThrow())
                .containsExactlyInAnyOrder("DiagnosticReport/dxa 2025-09-10", "Procedure/bso 2012-04-01");
        assertThat(s.procedures()).anyMatch(p -> p.in(Groups.OOPHORECTOMY));
    }

    @Test
    void aVitaminD2ResultIsKeptToBeSummedWithD3() {
        PatientSnapshot s = snapshot(statement("ai", "active", rx("199224", "anastrozole 1 MG Oral Tablet"),
                ", \"effectiveDateTime\": \"2026-05-01\""), """
                {"resourceType": "Observation", "id": "d3", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "1989-3"}]}, "subject": {"reference": "Patient/p"},
                 "effectiveDateTime": "2026-05-02", "valueQuantity": {"value": 12, "unit": "ng/mL", "code": "ng/mL"}}""", """
                {"resourceType": "Observation", "id": "d2", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "1990-1"}]}, "subject": {"reference": "Patient/p"},
                 "effectiveDateTime": "2026-05-02", "valueQuantity": {"value": 10, "unit": "ng/mL", "code": "ng/mL"}}""");
        assertThat(s.labs()).extracting(LabResult::kind).contains(LabResult.Kind.VITAMIN_D, LabResult.Kind.VITAMIN_D2);
        BoneHealthAssessment a = BoneHealthRules.assess(s);
        assertThat(a.vitaminD().status()).isEqualTo(LabStatus.VitaminD.INSUFFICIENT);
        assertThat(a.vitaminD().reading().orElseThrow().value()).isEqualByComparingTo("22");
    }

    @Test
    void aStoppedOrderWithOnlyItsAuthoredDateIsActiveUnconfirmedNotEndedLongAgo() {
        // Synthea and EHR exports: the letrozole order written in 2024 and later marked stopped
        PatientSnapshot s = snapshot("""
                {"resourceType": "MedicationRequest", "id": "r", "status": "stopped", "intent": "order",
                 "medicationCodeableConcept": %s, "subject": {"reference": "Patient/p"}, "authoredOn": "2024-03-15T10:00:00-05:00"}"""
                .formatted(rx("200064", "letrozole 2.5 MG Oral Tablet")));
        BoneHealthAssessment a = BoneHealthRules.assess(s);
        assertThat(a.outcome()).isEqualTo(Outcome.PLAN);
        assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
        assertThat(a.recommendationCodes()).contains("confirm-therapy", "dxa-baseline", "calcium-vitamin-d");
    }

    @Test
    void theSyntheaWomanWithAStoppedLetrozoleOrderAndHerFirstDoseIsActiveUnconfirmedWithAPlan() throws java.io.IOException {
        // the committed Synthea sample (src/test/resources/fixtures/synthea): letrozole ordered 2026-04-11, later
        // marked stopped with no end, plus the first dose as a MedicationAdministration on the same day
        List<Resource> resources = new ArrayList<>();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/test/resources/fixtures/synthea"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        resources.add((Resource) FHIR.newJsonParser().parseResource(line));
                    }
                }
            }
        }
        BoneHealthAssessment a = BoneHealthRules.assess(SnapshotBuilder.standard().build(resources, AS_OF));
        assertThat(a.outcome()).as(a.outcomeReason()).isEqualTo(Outcome.PLAN);
        assertThat(a.episode().orElseThrow().latestIngredient()).isEqualTo(DrugClass.LETROZOLE);
        assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2026-04-11"));
        assertThat(a.episode().orElseThrow().active()).isTrue();
        assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
        assertThat(a.recommendation("confirm-therapy").orElseThrow().dueDate()).isEqualTo(AS_OF);
    }

    @Test
    void patientDeceasedIsReadAsOfTheEvaluationDate() {
        String ai = statement("ai", "active", rx("199224", "anastrozole 1 MG Oral Tablet"), ", \"effectiveDateTime\": \"2026-03-01\"");
        assertThat(withPatient("\"deceasedDateTime\": \"2026-05-20T08:00:00Z\"", ai).deceased())
                .hasValueSatisfying(d -> assertThat(d.on()).contains(LocalDate.parse("2026-05-20")));
        assertThat(withPatient("\"deceasedBoolean\": true", ai).deceased()).hasValueSatisfying(d -> assertThat(d.on()).isEmpty());
        assertThat(withPatient("\"deceasedBoolean\": false", ai).deceased()).isEmpty();
        // §0: a death recorded after the evaluation date is not known on it
        assertThat(withPatient("\"deceasedDateTime\": \"2026-07-01\"", ai).deceased()).isEmpty();
    }

    /** A snapshot whose Patient carries {@code patientFields}. */
    private static PatientSnapshot withPatient(String patientFields, String... json) {
        List<Resource> resources = new ArrayList<>();
        resources.add((Resource) FHIR.newJsonParser().parseResource(
                "{\"resourceType\": \"Patient\", \"id\": \"p\", \"gender\": \"female\", \"birthDate\": \"1960-02-02\", " + patientFields + "}"));
        for (String j : json) {
            resources.add((Resource) FHIR.newJsonParser().parseResource(j));
        }
        return SnapshotBuilder.standard().build(resources, AS_OF);
    }
}

package org.bonemonitor.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bonemonitor.guideline.BirthDate;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.guideline.DataKind;
import org.bonemonitor.guideline.DrugClass;
import org.bonemonitor.guideline.DxaResult;
import org.bonemonitor.guideline.DxaSite;
import org.bonemonitor.guideline.FactorStatus;
import org.bonemonitor.guideline.Gender;
import org.bonemonitor.guideline.LabResult;
import org.bonemonitor.guideline.LabStatus;
import org.bonemonitor.guideline.MedicationEvidence;
import org.bonemonitor.guideline.Outcome;
import org.bonemonitor.guideline.PatientSnapshot;
import org.bonemonitor.guideline.RiskFactor;
import org.bonemonitor.guideline.SmokingAnswer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The snapshot builder on FHIR JSON fixtures with real-world shapes (src/test/resources/fixtures/snapshot). */
class SnapshotBuilderTest {

    static final LocalDate AS_OF = LocalDate.parse("2026-06-01");
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static List<Resource> fixture(String name) {
        try (InputStream in = SnapshotBuilderTest.class.getResourceAsStream("/fixtures/snapshot/" + name)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SnapshotBuilder.resourcesOf(FHIR.newJsonParser().parseResource(Bundle.class, json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static PatientSnapshot snapshot(String name) {
        return SnapshotBuilder.standard().build(fixture(name), AS_OF);
    }

    @Test
    void resolvesAContainedMedicationAndKeepsVitaminDInNanomoles() {
        PatientSnapshot s = snapshot("contained-medication.json");

        assertThat(s.medications()).singleElement().satisfies(m -> {
            assertThat(m.drug()).isEqualTo(DrugClass.LETROZOLE);
            assertThat(m.sourceId()).isEqualTo("MedicationStatement/ms1");
            assertThat(m.start()).contains(LocalDate.parse("2026-04-20"));
        });
        assertThat(s.labs()).filteredOn(l -> l.kind() == LabResult.Kind.VITAMIN_D).singleElement()
                .satisfies(l -> assertThat(l.unit()).isEqualTo(LabResult.NMOL_PER_L));
        BoneHealthAssessment a = BoneHealthRules.assess(s);
        assertThat(a.vitaminD().status()).isEqualTo(LabStatus.VitaminD.INSUFFICIENT);
        assertThat(a.recommendationCodes()).containsExactlyInAnyOrder("dxa-baseline", "lab-calcium", "calcium-vitamin-d", "exercise");
    }

    @Test
    void resolvesAMedicationReferencedFromTheBundleAndReadsTheWrittenCalendarDate() {
        PatientSnapshot s = snapshot("medication-by-reference.json");

        assertThat(s.medications()).singleElement().satisfies(m -> {
            assertThat(m.drug()).isEqualTo(DrugClass.LETROZOLE);
            assertThat(m.source()).isEqualTo(MedicationEvidence.Source.REQUEST);
            assertThat(m.intent()).contains("order");
            assertThat(m.start()).contains(LocalDate.parse("2026-05-02"));
        });
        assertThat(BoneHealthRules.assess(s).recommendationCodes()).contains("antiresorptive", "fall-prevention")
                .doesNotContain("smoking-cessation");
    }

    @Test
    void recognisesAnastrozoleNamedOnlyInMedicationText() {
        PatientSnapshot s = snapshot("text-only-medication.json");

        assertThat(s.gender()).isEqualTo(Gender.MALE);
        assertThat(s.medications()).extracting(MedicationEvidence::drug)
                .containsExactlyInAnyOrder(DrugClass.TESTOSTERONE, DrugClass.ANASTROZOLE);
        BoneHealthAssessment a = BoneHealthRules.assess(s);
        assertThat(a.recommendationCodes()).containsExactlyInAnyOrder("dxa-baseline", "lab-vitamin-d", "lab-calcium",
                "lab-estradiol", "calcium-vitamin-d", "exercise");
    }

    @Test
    void partialDatesTakeTheirFirstDayAndAPartialBirthDateLeavesAgeRangesOpen() {
        PatientSnapshot s = snapshot("partial-dates.json");

        assertThat(s.medications()).singleElement().satisfies(m -> assertThat(m.start()).contains(LocalDate.parse("2025-03-01")));
        assertThat(s.birthDate()).contains(BirthDate.ofYear(1960));
        assertThat(s.conditions()).singleElement().satisfies(c -> assertThat(c.onsetDate()).contains(LocalDate.parse("2022-06-01")));
        BoneHealthAssessment a = BoneHealthRules.assess(s);
        // born some time in 1960: 65 or 66 on 2026-06-01 → RF2 unknown; at onset 2022-06 aged 61-62 → RF5 present
        assertThat(a.riskFactor(RiskFactor.RF2)).isEqualTo(FactorStatus.UNKNOWN);
        assertThat(a.riskFactor(RiskFactor.RF5)).isEqualTo(FactorStatus.PRESENT);
        assertThat(a.episode().orElseThrow().ongoing()).isTrue();
    }

    @Test
    void readsComponentTScoresAndConvertsUnits() {
        PatientSnapshot s = snapshot("units-and-components.json");

        assertThat(s.dxaResults()).extracting(DxaResult::site, DxaResult::measure, DxaResult::date).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(DxaSite.SPINE, DxaResult.Measure.T_SCORE, LocalDate.parse("2026-05-02")),
                org.assertj.core.groups.Tuple.tuple(DxaSite.TOTAL_HIP, DxaResult.Measure.T_SCORE, LocalDate.parse("2026-05-02")),
                org.assertj.core.groups.Tuple.tuple(DxaSite.SPINE, DxaResult.Measure.BMD, LocalDate.parse("2026-05-02")));
        assertThat(s.dxaResults()).filteredOn(d -> d.measure() == DxaResult.Measure.BMD).singleElement()
                .satisfies(d -> assertThat(d.value()).isEqualByComparingTo("0.905"));
        assertThat(s.labs()).filteredOn(l -> l.kind() == LabResult.Kind.WEIGHT).singleElement()
                .satisfies(l -> assertThat(l.value()).isEqualByComparingTo("49.8951607"));
        assertThat(s.labs()).filteredOn(l -> l.kind() == LabResult.Kind.HEIGHT).singleElement()
                .satisfies(l -> assertThat(l.value()).isEqualByComparingTo("162.56"));
        BoneHealthAssessment a = BoneHealthRules.assess(s);
        assertThat(a.vitaminD().status()).isEqualTo(LabStatus.VitaminD.DEFICIENT); // 37 nmol/L = 14.8 ng/mL
        assertThat(a.calcium().status()).isEqualTo(LabStatus.Calcium.LOW); // 2.05 below its range 2.15
        assertThat(a.riskFactor(RiskFactor.RF3)).isEqualTo(FactorStatus.PRESENT); // 18.9 kg/m2
        assertThat(a.recommendationCodes()).contains("antiresorptive", "antiresorptive-precautions", "vitamin-d-repletion")
                .doesNotContain("lab-creatinine");
        assertThat(a.inputs().dxaObservations()).containsExactly("Observation/dxa1");
    }

    @Test
    void ignoresEnteredInErrorRecords() {
        PatientSnapshot s = snapshot("entered-in-error.json");

        assertThat(s.medications()).isEmpty();
        assertThat(s.dxaResults()).isEmpty();
        assertThat(s.conditions()).isEmpty();
        assertThat(BoneHealthRules.assess(s).outcome()).isEqualTo(Outcome.NO_AI_THERAPY);
    }

    @Test
    void duplicateRecordsNeverChangeTheAssessmentAndCiteTheSmallestId() {
        List<Resource> resources = fixture("duplicates.json");
        PatientSnapshot s = SnapshotBuilder.standard().build(resources, AS_OF);
        List<Resource> withoutDuplicates = new ArrayList<>(resources);
        withoutDuplicates.removeIf(r -> Set.of("ms-b", "dxa-2", "bmi-2").contains(r.getIdElement().getIdPart()));
        PatientSnapshot single = SnapshotBuilder.standard().build(withoutDuplicates, AS_OF);

        assertThat(s.medications()).singleElement().satisfies(m -> assertThat(m.sourceId()).isEqualTo("MedicationStatement/ms-a"));
        assertThat(s.dxaResults()).singleElement().satisfies(d -> assertThat(d.sourceId()).isEqualTo("Observation/dxa-1"));
        assertThat(BoneHealthRules.assess(s)).isEqualTo(BoneHealthRules.assess(single));
    }

    @Test
    void aDraftOrderBeingSignedIsANewStartAndNullPrefetchKeysMakeRf4ToRf6Unknown() {
        MedicationRequest draft = new MedicationRequest();
        draft.setId("draft-1");
        draft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
        draft.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        draft.setMedication(new CodeableConcept().addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "199224", null)));

        PatientSnapshot s = SnapshotBuilder.standard().build(fixture("cds-order-sign-patient-only.json"), AS_OF,
                new SnapshotBuilder.Options(List.of(draft), Set.of(DataKind.CONDITIONS, DataKind.MEDICATIONS)));
        BoneHealthAssessment a = BoneHealthRules.assess(s);

        assertThat(a.episode().orElseThrow().newStart()).isTrue();
        assertThat(a.recommendationCodes()).containsExactlyInAnyOrder("dxa-baseline", "lab-vitamin-d", "lab-calcium",
                "calcium-vitamin-d", "exercise");
        assertThat(a.riskFactor(RiskFactor.RF4)).isEqualTo(FactorStatus.UNKNOWN);
        assertThat(a.riskFactor(RiskFactor.RF5)).isEqualTo(FactorStatus.UNKNOWN);
        assertThat(a.riskFactor(RiskFactor.RF6)).isEqualTo(FactorStatus.UNKNOWN);
        assertThat(a.inputs().aiEvidence()).containsExactly("MedicationRequest/draft-1");
    }

    @Test
    void aDraftOrderOutsideACdsHookIsNotEvidence() {
        MedicationRequest draft = new MedicationRequest();
        draft.setId("d2");
        draft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
        draft.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        draft.setMedication(new CodeableConcept().addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "199224", null)));
        List<Resource> resources = new ArrayList<>(fixture("cds-order-sign-patient-only.json"));
        resources.add(draft);

        assertThat(BoneHealthRules.assess(SnapshotBuilder.standard().build(resources, AS_OF)).outcome())
                .isEqualTo(Outcome.NO_AI_THERAPY);
    }

    @Test
    void xgevaNamedInTextWinsOverADenosumabCodeAndMakesThePatientOutOfScope() {
        PatientSnapshot s = snapshot("xgeva-by-text.json");

        assertThat(s.medications()).extracting(MedicationEvidence::drug).contains(DrugClass.DENOSUMAB_120)
                .doesNotContain(DrugClass.DENOSUMAB_60);
        assertThat(BoneHealthRules.assess(s).outcome()).isEqualTo(Outcome.OUT_OF_SCOPE);
    }

    @Test
    void readsDispensesAdministrationsFamilyHistoryDentalProceduresAndSmokingTies() {
        PatientSnapshot s = snapshot("risk-factor-records.json");
        BoneHealthAssessment a = BoneHealthRules.assess(s);

        assertThat(s.dentalExams()).singleElement().satisfies(d -> assertThat(d.date()).isEqualTo(LocalDate.parse("2026-01-15")));
        assertThat(s.familyHistory()).singleElement().satisfies(f -> assertThat(f.parent()).isTrue());
        assertThat(s.smokingAnswers()).extracting(SmokingAnswer::category)
                .containsExactlyInAnyOrder(SmokingAnswer.Category.NEVER, SmokingAnswer.Category.FORMER);
        assertThat(a.riskFactor(RiskFactor.RF4)).isEqualTo(FactorStatus.PRESENT);
        assertThat(a.riskFactor(RiskFactor.RF6)).isEqualTo(FactorStatus.PRESENT); // 200 days dispensed
        assertThat(a.riskFactor(RiskFactor.RF7)).isEqualTo(FactorStatus.PRESENT); // same-day tie: former beats never
        assertThat(a.protection().onAntiresorptive()).isTrue(); // denosumab 2026-03-01
        assertThat(a.recommendationCodes()).doesNotContain("antiresorptive", "dental-exam", "denosumab-transition");
    }

    @Test
    void recognisesAMedicationByItsIngredientWhenItsCodeSaysNothing() {
        org.hl7.fhir.r4.model.Medication med = new org.hl7.fhir.r4.model.Medication();
        med.setId("local-med");
        med.setCode(new CodeableConcept().addCoding(new Coding("urn:hospital:formulary", "F-0042", "AI tab 1")));
        med.addIngredient().setItem(new CodeableConcept().addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "84857", null)));
        org.hl7.fhir.r4.model.MedicationStatement st = new org.hl7.fhir.r4.model.MedicationStatement();
        st.setId("st-1");
        st.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
        st.setMedication(new org.hl7.fhir.r4.model.Reference("Medication/local-med"));
        st.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-05-01"));

        PatientSnapshot s = SnapshotBuilder.standard().build(List.of(med, st), AS_OF);

        assertThat(s.medications()).singleElement().satisfies(m -> assertThat(m.drug()).isEqualTo(DrugClass.ANASTROZOLE));
    }

    @Test
    void theOrderOfTheInputNeverChangesTheAssessment() {
        List<Resource> resources = new ArrayList<>(fixture("units-and-components.json"));
        BoneHealthAssessment forward = BoneHealthRules.assess(SnapshotBuilder.standard().build(resources, AS_OF));
        java.util.Collections.reverse(resources);
        BoneHealthAssessment reversed = BoneHealthRules.assess(SnapshotBuilder.standard().build(resources, AS_OF));

        assertThat(reversed).isEqualTo(forward);
    }

    @Test
    void citesTransactionResourcesByTheirUrnAndResolvesUrnMedicationReferences() {
        BoneHealthAssessment a = BoneHealthRules.assess(snapshot("transaction-urn-uuid.json"));

        assertThat(a.episode().orElseThrow().latestIngredient()).isEqualTo(DrugClass.EXEMESTANE);
        // the written calendar date, no time-zone shift
        assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2026-05-12"));
        assertThat(a.inputs().aiEvidence()).containsExactly("urn:uuid:0b7c3d7e-1111-4c5e-9a10-000000000003");
        assertThat(a.inputs().breastCancerConditions()).containsExactly("urn:uuid:0b7c3d7e-1111-4c5e-9a10-000000000004");
    }
}

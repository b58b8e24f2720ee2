package org.bonemonitor.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

class CarePlanFactoryTest {

    private static final String REC = CodeTables.RECOMMENDATION_SYSTEM;

    @Test
    void newAnastrozoleStartGetsBaselineDxaAndLabsAsServiceRequestsAndAdviceAsDetails() {
        PlanResources plan = ScenarioPlans.plan(ScenarioPlans.fixture("S01"));
        CarePlan cp = plan.carePlan();

        assertThat(cp.getIdElement().getIdPart()).matches("bm-cp-[0-9a-f]{20}");
        assertThat(cp.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(cp.getIntent()).isEqualTo(CarePlan.CarePlanIntent.PROPOSAL);
        assertThat(cp.getSubject().getReference()).isEqualTo("Patient/s01");
        assertThat(cp.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-05-12");
        assertThat(cp.getCategory()).flatExtracting(c -> c.getCoding()).extracting(Coding::getCode)
                .containsExactly("assess-plan", "bone-health-plan");
        assertThat(cp.getInstantiatesCanonical().get(0).getValue())
                .isEqualTo("https://bone-monitor.org/fhir/PlanDefinition/aibl-2017|2026.2");
        assertThat(cp.getIdentifierFirstRep().getSystem()).isEqualTo("https://bone-monitor.org/fhir/identifier/careplan");
        assertThat(cp.getSupportingInfo()).isNotEmpty();
        assertThat(cp.getText().getDivAsString()).contains("Baseline DXA");

        assertThat(plan.serviceRequests()).extracting(sr -> recCode(sr)).containsExactly("dxa-baseline", "lab-vitamin-d", "lab-calcium");
        ServiceRequest dxa = plan.serviceRequests().get(0);
        assertThat(dxa.getCode().getCoding()).extracting(Coding::getCode).containsExactly("312681000", "77080", "dxa-baseline");
        assertThat(dxa.getOccurrenceDateTimeType().getValueAsString()).isEqualTo("2026-06-01");
        assertThat(dxa.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("Z79.811");
        assertThat(dxa.getBasedOnFirstRep().getReference()).isEqualTo("CarePlan/" + cp.getIdElement().getIdPart());
        assertThat(dxa.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("363679005");
        assertThat(dxa.getReasonReference()).isNotEmpty();
        assertThat(cp.getActivity()).hasSize(5);
        assertThat(cp.getActivity().get(0).getReference().getReference()).isEqualTo("ServiceRequest/" + dxa.getIdElement().getIdPart());
        assertThat(cp.getActivity().get(3).getDetail().getCode().getCodingFirstRep().getCode()).isEqualTo("calcium-vitamin-d");
        assertThat(cp.getActivity().get(3).getDetail().getScheduledPeriod().getStartElement().getValueAsString()).isEqualTo("2026-06-01");

        assertThat(plan.provenance().getTarget()).hasSize(4);
        assertThat(plan.provenance().getPolicy().get(0).getValue()).endsWith("|2026.2");
        assertThat(plan.provenance().getEntity()).extracting(e -> e.getWhat().getReference()).contains("Patient/s01");
    }

    @Test
    void antiresorptiveProposalListsEveryProductChoice() {
        CarePlan.CarePlanActivityDetailComponent detail = antiresorptive(ScenarioPlans.plan(ScenarioPlans.fixture("S03")).carePlan());
        assertThat(detail.getKind()).isEqualTo(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST);
        assertThat(detail.getProductCodeableConcept().getCoding()).extracting(Coding::getCode)
                .containsExactly("993452", "1114085", "M05BA04", "M05BA07", "M05BA06");
        assertThat(detail.getStatus()).isEqualTo(CarePlan.CarePlanActivityStatus.NOTSTARTED);
    }

    @Test
    void withEgfrBelow35TheProposalOffersDenosumabOnly() {
        CarePlan.CarePlanActivityDetailComponent detail = antiresorptive(ScenarioPlans.plan(ScenarioPlans.fixture("S24")).carePlan());
        assertThat(detail.getProductCodeableConcept().getCoding()).extracting(Coding::getCode).containsExactly("993452");
        assertThat(detail.getDescription()).contains("must not be stopped without a follow-on bisphosphonate");
    }

    @Test
    void postTherapyRequestsGiveThePersonalHistoryOfBreastCancerAsReason() {
        var bundle = ScenarioPlans.bundle(ScenarioPlans.fixture("S11"));
        PlanResources without = new CarePlanFactory(CodeTables.standard(), "https://bone-monitor.org/fhir", PlanSettings.defaults())
                .build("s11", ScenarioPlans.assess(bundle));
        assertThat(without.serviceRequests().get(0).getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("Z79.811");

        org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition();
        cancer.setId("Condition/bc");
        cancer.setCode(new org.hl7.fhir.r4.model.CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "C50.911", null)));
        cancer.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/s11"));
        bundle.addEntry().setResource(cancer);
        PlanResources with = ScenarioPlans.FACTORY.build("s11", ScenarioPlans.assess(bundle));
        assertThat(with.serviceRequests()).singleElement().satisfies(sr -> {
            assertThat(recCode(sr)).isEqualTo("dxa-followup");
            assertThat(sr.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("Z85.3");
            assertThat(sr.getReasonCodeFirstRep().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
        });
    }

    @Test
    void anEpisodeWithoutDatesKeepsItsPlanIdFromDayToDay() {
        org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
        patient.setId("undated");
        patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1960-01-01"));
        org.hl7.fhir.r4.model.MedicationStatement ms = new org.hl7.fhir.r4.model.MedicationStatement();
        ms.setId("MedicationStatement/undated-ai");
        ms.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
        ms.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "199224", null)));
        ms.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/undated"));
        var snapshots = org.bonemonitor.snapshot.SnapshotBuilder.standard();
        CarePlan today = ScenarioPlans.FACTORY.build("undated", org.bonemonitor.guideline.BoneHealthRules.assess(
                snapshots.build(java.util.List.of(patient, ms), java.time.LocalDate.parse("2026-06-01")))).carePlan();
        CarePlan tomorrow = ScenarioPlans.FACTORY.build("undated", org.bonemonitor.guideline.BoneHealthRules.assess(
                snapshots.build(java.util.List.of(patient, ms), java.time.LocalDate.parse("2026-06-02")))).carePlan();
        assertThat(today.getIdElement().getIdPart()).isEqualTo(tomorrow.getIdElement().getIdPart());
        assertThat(today.getPeriod().hasStart()).isFalse();
    }

    @Test
    void sameInputGivesEqualResources() {
        String file = ScenarioPlans.fixture("S13");
        PlanResources a = ScenarioPlans.plan(file);
        PlanResources b = ScenarioPlans.plan(file);
        for (int i = 0; i < a.all().size(); i++) {
            assertThat(a.all().get(i).equalsDeep(b.all().get(i))).as("resource %d", i).isTrue();
        }
    }

    @Test
    void noPlanWithoutAromataseInhibitorTherapy() {
        PlanResources plan = ScenarioPlans.plan(ScenarioPlans.fixture("S08"));
        assertThat(plan.carePlan()).isNull();
        assertThat(plan.serviceRequests()).isEmpty();
        assertThat(plan.provenance()).isNull();
    }

    @Test
    void carePlanIntentIsConfigurable() {
        var factory = new CarePlanFactory(CodeTables.standard(), "https://example.org/fhir/", PlanSettings.of("plan", "order"));
        var bundle = ScenarioPlans.bundle(ScenarioPlans.fixture("S01"));
        PlanResources plan = factory.build("s01", ScenarioPlans.assess(bundle));
        assertThat(plan.carePlan().getIntent()).isEqualTo(CarePlan.CarePlanIntent.PLAN);
        assertThat(plan.serviceRequests().get(0).getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
        assertThat(plan.carePlan().getIdentifierFirstRep().getSystem()).isEqualTo("https://example.org/fhir/identifier/careplan");
        assertThatThrownBy(() -> PlanSettings.of("order", "proposal")).isInstanceOf(IllegalArgumentException.class);
    }

    static CarePlan.CarePlanActivityDetailComponent antiresorptive(CarePlan cp) {
        return cp.getActivity().stream().filter(CarePlan.CarePlanActivityComponent::hasDetail)
                .map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("antiresorptive")).findFirst().orElseThrow();
    }

    static String recCode(ServiceRequest sr) {
        return sr.getCode().getCoding().stream().filter(c -> REC.equals(c.getSystem())).findFirst().orElseThrow().getCode();
    }
}

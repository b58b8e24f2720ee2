package org.bonemonitor.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** RULES.md §4: a plan is revised, not duplicated (evaluation date 2026-06-01). */
@QuarkusTest
@TestProfile(PlanTestProfile.class)
class PlanRevisionTest {

    @Inject
    PlanWorker worker;
    @Inject
    PlanEvents events;

    @Test
    void repostingTheSameDataChangesNothing() {
        String p = Records.uid("idem");
        String body = Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).bmi("2026-05-12", "27")
                .smoking("smk", "2026-05-12", "266919005").json();
        PlanApi.transaction(body);
        worker.drain();
        CarePlan first = single(p);
        Map<String, String> requests = versions(p);

        PlanApi.transaction(body);
        worker.drain();
        PlanApi.transaction(body);
        worker.drain();

        CarePlan again = single(p);
        assertThat(again.getIdElement().getIdPart()).isEqualTo(first.getIdElement().getIdPart());
        assertThat(again.getMeta().getVersionId()).isEqualTo("1");
        assertThat(versions(p)).isEqualTo(requests).hasSize(3).allSatisfy((id, version) -> assertThat(version).isEqualTo("1"));
    }

    @Test
    void newDxaResultCompletesTheDueDxaRequestAndSchedulesTheNext() {
        String p = Records.uid("dxa");
        PlanApi.transaction(Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).bmi("2026-05-12", "27")
                .smoking("smk", "2026-05-12", "266919005").json());
        worker.drain();
        ServiceRequest baseline = byCode(p, "dxa-baseline");
        assertThat(baseline.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        events.clear();

        PlanApi.transaction(Records.of(p).spineTScore("dxa1", "2026-06-01", "-0.5").json());
        worker.drain();

        ServiceRequest done = byCode(p, "dxa-baseline");
        assertThat(done.getIdElement().getIdPart()).isEqualTo(baseline.getIdElement().getIdPart());
        assertThat(done.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);
        assertThat(done.getMeta().getVersionId()).isEqualTo("2");
        ServiceRequest next = byCode(p, "dxa-followup");
        assertThat(next.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(next.getOccurrenceDateTimeType().getValueAsString()).isEqualTo("2027-06-01");
        CarePlan plan = single(p);
        assertThat(plan.getMeta().getVersionId()).isEqualTo("2");
        assertThat(plan.getActivity()).extracting(a -> a.getReference().getReference())
                .contains("ServiceRequest/" + next.getIdElement().getIdPart());

        assertThat(events.of(p)).hasSize(1);
        assertThat(events.of(p).get(0).changed()).extracting(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
                .contains("CarePlan/" + plan.getIdElement().getIdPart(), "ServiceRequest/" + next.getIdElement().getIdPart(),
                        "ServiceRequest/" + done.getIdElement().getIdPart());
    }

    @Test
    void changedAssessmentRevisesThePlanAndRevokesRequestsNoLongerRecommended() {
        String p = Records.uid("rev");
        // 50 years, BMI 18 (RF3), current smoker (RF7): two risk factors → antiresorptive, dental exam, creatinine
        PlanApi.transaction(Records.woman(p, "1976-02-02").anastrozole("ai", "active", "2026-05-02", null).bmi("2026-05-02", "18")
                .smoking("smk1", "2026-05-02", "449868002").json());
        worker.drain();
        assertThat(activeCodes(p)).containsExactlyInAnyOrder("dxa-baseline", "lab-vitamin-d", "lab-calcium", "dental-exam",
                "lab-creatinine");
        assertThat(detailCodes(single(p))).contains("antiresorptive", "smoking-cessation");

        // she has stopped smoking for good: a later answer 'never smoked' leaves one risk factor
        PlanApi.transaction(Records.of(p).smoking("smk2", "2026-05-20", "266919005").json());
        worker.drain();

        CarePlan plan = single(p);
        assertThat(plan.getMeta().getVersionId()).isEqualTo("2");
        assertThat(detailCodes(plan)).doesNotContain("antiresorptive", "smoking-cessation");
        assertThat(activeCodes(p)).containsExactlyInAnyOrder("dxa-baseline", "lab-vitamin-d", "lab-calcium");
        assertThat(byCode(p, "dental-exam").getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(byCode(p, "lab-creatinine").getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(PlanApi.carePlans(p)).hasSize(1);
    }

    @Test
    void stoppedAromataseInhibitorCompletesThePlan() {
        String p = Records.uid("e1");
        PlanApi.transaction(Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2025-01-01", null)
                .spineTScore("dxa1", "2025-01-10", "-0.5").bmi("2026-04-01", "25").smoking("smk", "2026-04-01", "266919005")
                .vitaminD("2026-04-01", "35").calcium("2026-04-01", "9.5").json());
        worker.drain();
        assertThat(single(p).getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(activeCodes(p)).containsExactly("dxa-followup");

        // E1: therapy stopped on 2026-05-01 and the last scan was normal → nothing remains
        PlanApi.transaction(Records.of(p).anastrozole("ai", "completed", "2025-01-01", "2026-05-01").json());
        worker.drain();

        CarePlan plan = single(p);
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        assertThat(plan.getActivity()).isEmpty();
        assertThat(activeCodes(p)).isEmpty();
        assertThat(byCode(p, "dxa-followup").getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
    }

    @Test
    void aPatientRecordedAsDeceasedHasHerPlanAndOpenRequestsRevoked() {
        String p = Records.uid("dead");
        PlanApi.transaction(Records.woman(p, "1958-03-10").anastrozole("ai", "active", "2026-05-12", null).json());
        worker.drain();
        assertThat(single(p).getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(activeCodes(p)).contains("dxa-baseline");

        // the EHR updates the Patient: died 2026-05-20 (RULES.md is silent; docs/clinical-notes.md, D8)
        PlanApi.transaction(Records.deceasedWoman(p, "1958-03-10", "2026-05-20").json());
        worker.drain();

        assertThat(single(p).getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);
        assertThat(activeCodes(p)).isEmpty();
        assertThat(byCode(p, "dxa-baseline").getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
    }

    private static CarePlan single(String p) {
        List<CarePlan> plans = PlanApi.carePlans(p);
        assertThat(plans).hasSize(1);
        return plans.get(0);
    }

    private static Map<String, String> versions(String p) {
        return PlanApi.serviceRequests(p, null).stream().collect(Collectors.toMap(sr -> sr.getIdElement().getIdPart(),
                sr -> sr.getMeta().getVersionId()));
    }

    private static ServiceRequest byCode(String p, String code) {
        return PlanApi.serviceRequests(p, null).stream().filter(sr -> PlanApi.recCode(sr).equals(code)).findFirst().orElseThrow();
    }

    private static List<String> activeCodes(String p) {
        return PlanApi.serviceRequests(p, "active").stream().map(PlanApi::recCode).toList();
    }

    private static List<String> detailCodes(CarePlan plan) {
        return plan.getActivity().stream().filter(CarePlan.CarePlanActivityComponent::hasDetail)
                .map(a -> a.getDetail().getCode().getCodingFirstRep().getCode()).toList();
    }
}

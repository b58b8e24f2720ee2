package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** The in-test EHR refuses what HAPI's JPA server refuses (issue 17), so our deliveries are tested against it. */
@QuarkusTest
@TestProfile(WritebackProfiles.NoAuth.class)
class StrictEhrTest extends WritebackTestBase {

    @Test
    void aReferenceOfATypeTheElementDoesNotAllowIsRefusedWith422() {
        String patient = newPatientId();
        ehr.record("""
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"MedicationStatement",
                 "status":"active","medicationCodeableConcept":{"text":"anastrozole"},"subject":{"reference":"Patient/%s"}},
                 "request":{"method":"PUT","url":"MedicationStatement/ms-%s"}}]}""".formatted(patient, patient));
        List<Resource> plan = Plans.newPlan(patient, "plan-" + patient, 1);
        ((ServiceRequest) plan.get(1)).addReasonReference(new Reference("MedicationStatement/ms-" + patient));
        enqueue(patient, plan);

        relay.runOnce();

        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.status).isEqualTo(OutboxEntry.Status.DEAD);
        assertThat(row.lastStatus).isEqualTo(422);
        assertThat(row.outcome).contains("is not a valid Target for this element").contains("ServiceRequest.reasonReference");
        assertThat(ehr.count("CarePlan")).isZero();
    }

    @Test
    void aReferenceToARecordTheEhrDoesNotHoldIsRefusedWith400() {
        String patient = newPatientId();
        List<Resource> plan = Plans.newPlan(patient, "plan-" + patient, 1);
        ((ServiceRequest) plan.get(1)).addSupportingInfo(new Reference("Observation/only-we-know-it"));
        enqueue(patient, plan);

        relay.runOnce();

        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.status).isEqualTo(OutboxEntry.Status.DEAD);
        assertThat(row.lastStatus).isEqualTo(400);
        assertThat(row.outcome).contains("HAPI-1094: Resource Observation/only-we-know-it not found, specified in path: "
                + "ServiceRequest.supportingInfo");
        assertThat(ehr.count("ServiceRequest")).isZero();
    }

    @Test
    void anInvalidResourceIsRefusedWith422() {
        String patient = newPatientId();
        List<Resource> plan = Plans.newPlan(patient, "plan-" + patient, 0);
        ((org.hl7.fhir.r4.model.CarePlan) plan.get(0)).setIntent(null);
        enqueue(patient, plan);

        relay.runOnce();

        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.lastStatus).isEqualTo(422);
        assertThat(row.outcome).contains("CarePlan.intent");
    }
}

package org.bonemonitor.writeback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** Happy path and the outbox contract, against the in-test EHR (SMART Backend Services, RS384). */
@QuarkusTest
@TestProfile(WritebackProfiles.SmartRs384.class)
class OutboxDeliveryTest extends WritebackTestBase {

    @Test
    void deliversExactlyTheEnqueuedPlanWithReferencesIntact() {
        String patient = newPatientId();
        String key = "plan-" + patient;
        enqueue(patient, Plans.newPlan(patient, key, 2));

        OutboxRelay.Run run = relay.runOnce();

        assertThat(run.sent()).isEqualTo(1);
        assertThat(ehr.count("CarePlan")).isEqualTo(1);
        assertThat(ehr.count("ServiceRequest")).isEqualTo(2);
        CarePlan plan = (CarePlan) ehr.find("CarePlan", key).orElseThrow();
        ServiceRequest first = (ServiceRequest) ehr.find("ServiceRequest", key + "-sr1").orElseThrow();
        ServiceRequest second = (ServiceRequest) ehr.find("ServiceRequest", key + "-sr2").orElseThrow();
        assertThat(plan.getIdentifierFirstRep().getSystem()).isEqualTo(Plans.PLAN_SYSTEM);
        assertThat(plan.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(plan.getActivity()).extracting(a -> a.getReference().getReference())
                .containsExactly(first.getIdElement().toUnqualifiedVersionless().getValue(),
                        second.getIdElement().toUnqualifiedVersionless().getValue());
        String planAtEhr = plan.getIdElement().toUnqualifiedVersionless().getValue();
        assertThat(first.getBasedOnFirstRep().getReference()).isEqualTo(planAtEhr);
        assertThat(second.getBasedOnFirstRep().getReference()).isEqualTo(planAtEhr);
        assertThat(first.getSubject().getReference()).isEqualTo("Patient/" + patient);

        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.status).isEqualTo(OutboxEntry.Status.SENT);
        assertThat(row.attempts).isEqualTo(1);
        assertThat(row.ehrLocations).contains(planAtEhr + "/_history/1");
        given().get("/api/ops/deliveries?status=sent").then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("items.patientId", hasItem(patient));
    }

    @Test
    void aRevisionIsAConditionalUpdateSentAfterItsPredecessor() {
        String patient = newPatientId();
        String key = "plan-" + patient;
        enqueue(patient, Plans.newPlan(patient, key, 1));
        CarePlan revised = Plans.carePlan(patient, key, 2, "revised after DXA");
        revised.addActivity().getReference().setReference("ServiceRequest/" + key + "-sr1");
        ServiceRequest newOrder = Plans.serviceRequest(patient, key, 2, 1);
        revised.addActivity().getReference().setReference("ServiceRequest/" + key + "-sr2");
        enqueue(patient, List.of(revised, newOrder));
        // the first delivery fails once: the revision must wait for it, not overtake it
        ehr.fault(FakeEhr.status(500));

        OutboxRelay.Run first = relay.runOnce();
        assertThat(first.attempted()).isEqualTo(1);
        assertThat(ehr.transactionsProcessed()).isEmpty();
        deliverAll();

        assertThat(ehr.transactionsProcessed()).containsExactly(
                "CarePlan:" + key + ":create,ServiceRequest:" + key + "-sr1:create",
                "CarePlan:" + key + ":update,ServiceRequest:" + key + "-sr2:create");
        CarePlan atEhr = (CarePlan) ehr.find("CarePlan", key).orElseThrow();
        assertThat(atEhr.getDescription()).isEqualTo("revised after DXA");
        assertThat(atEhr.getMeta().getVersionId()).isEqualTo("2");
        ServiceRequest sr1 = (ServiceRequest) ehr.find("ServiceRequest", key + "-sr1").orElseThrow();
        ServiceRequest sr2 = (ServiceRequest) ehr.find("ServiceRequest", key + "-sr2").orElseThrow();
        // sr1 was not in the revision: the CarePlan reaches it through a conditional reference
        assertThat(atEhr.getActivity()).extracting(a -> a.getReference().getReference()).containsExactly(
                sr1.getIdElement().toUnqualifiedVersionless().getValue(),
                sr2.getIdElement().toUnqualifiedVersionless().getValue());
        assertThat(sr2.getBasedOnFirstRep().getReference())
                .isEqualTo(atEhr.getIdElement().toUnqualifiedVersionless().getValue());
        assertThat(ehr.count("CarePlan")).isEqualTo(1);
        assertThat(rowsOf(patient)).extracting(r -> r.status).containsOnly(OutboxEntry.Status.SENT);
    }

    @Test
    void thePayloadIsFixedAtEnqueueTime() {
        String patient = newPatientId();
        String key = "plan-" + patient;
        List<Resource> changed = Plans.newPlan(patient, key, 1);
        enqueue(patient, changed);
        ((CarePlan) changed.get(0)).setDescription("changed after enqueue");

        relay.runOnce();

        assertThat(((CarePlan) ehr.find("CarePlan", key).orElseThrow()).getDescription()).isEqualTo("baseline");
    }

    @Test
    void enqueueOutsideATransactionIsRefused() {
        String patient = newPatientId();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> outbox.enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1)))
                .isInstanceOf(jakarta.transaction.TransactionalException.class);
        assertThat(rowsOf(patient)).isEmpty();
    }

    @Test
    void aRolledBackPlanChangeLeavesNoOutboxRow() {
        String patient = newPatientId();
        try {
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
                outbox.enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
                throw new IllegalStateException("the care-plan code failed after enqueueing");
            });
        } catch (IllegalStateException expected) {
            // the plan and its outbox row roll back together
        }
        assertThat(rowsOf(patient)).isEmpty();
    }

    @Test
    void deliveredRowsArePurgedAfterTheRetentionDeadOnesKept() {
        String delivered = newPatientId();
        enqueue(delivered, Plans.newPlan(delivered, "plan-" + delivered, 1));
        String rejected = unknownPatientId();
        enqueue(rejected, Plans.newPlan(rejected, "plan-" + rejected, 1));
        relay.runOnce();

        assertThat(relay.purgeSent()).isZero();
        clock.advance(java.time.Duration.ofDays(31));
        assertThat(relay.purgeSent()).isEqualTo(1);

        assertThat(rowsOf(delivered)).isEmpty();
        assertThat(onlyRowOf(rejected).status).isEqualTo(OutboxEntry.Status.DEAD);
    }
}

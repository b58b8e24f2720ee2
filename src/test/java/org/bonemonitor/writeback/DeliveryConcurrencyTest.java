package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.CarePlan;
import org.junit.jupiter.api.Test;

/** Several relays over one outbox, and a relay that dies mid-delivery. */
@QuarkusTest
@TestProfile(WritebackProfiles.SmartRs384.class)
class DeliveryConcurrencyTest extends WritebackTestBase {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void twoRelaysNeverSendARowTwiceAndKeepEachPatientsOrder() throws Exception {
        // eight parallel deliveries queue on the EHR's one transaction lock: without the R4 validation
        // (proven by the other tests) none of them waits past the client timeout on a busy machine
        ehr.validating(false);
        int patients = 40;
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            String patient = newPatientId();
            ids.add(patient);
            String key = "plan-" + patient;
            enqueue(patient, Plans.newPlan(patient, key, 2));
            enqueue(patient, List.of(Plans.carePlan(patient, key, 2, "revision 2")));
            enqueue(patient, List.of(Plans.carePlan(patient, key, 3, "revision 3")));
        }
        int rows = patients * 3;

        ExecutorService relays = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> relayLoop = () -> {
                int sent = 0;
                for (int round = 0; round < 200; round++) {
                    OutboxRelay.Run run = relay.runOnce();
                    sent += run.sent();
                    long pending = QuarkusTransaction.requiringNew().call(
                            () -> repository.count("status", OutboxEntry.Status.PENDING));
                    if (pending == 0) {
                        break;
                    }
                }
                return sent;
            };
            Future<Integer> first = relays.submit(relayLoop);
            Future<Integer> second = relays.submit(relayLoop);
            assertThat(first.get(120, TimeUnit.SECONDS) + second.get(120, TimeUnit.SECONDS)).isEqualTo(rows);
        } finally {
            relays.shutdownNow();
        }

        assertThat(ehr.transactionRequests()).as("each row sent exactly once").hasSize(rows);
        assertThat(ehr.count("CarePlan")).isEqualTo(patients);
        assertThat(ehr.count("ServiceRequest")).isEqualTo(patients * 2);
        for (String patient : ids) {
            String key = "plan-" + patient;
            assertThat(ehr.countWithIdentifier("CarePlan", key)).isEqualTo(1);
            CarePlan plan = (CarePlan) ehr.find("CarePlan", key).orElseThrow();
            assertThat(plan.getDescription()).isEqualTo("revision 3");
            assertThat(plan.getMeta().getVersionId()).isEqualTo("3");
            List<String> ofPatient = ehr.transactionsProcessed().stream().filter(t -> t.contains(key + ":")).toList();
            assertThat(ofPatient).hasSize(3);
            assertThat(ofPatient.get(0)).startsWith("CarePlan:" + key + ":create");
            assertThat(ofPatient.get(1)).isEqualTo("CarePlan:" + key + ":update");
            assertThat(ofPatient.get(2)).isEqualTo("CarePlan:" + key + ":update");
        }
    }

    @Test
    void aRelayThatDiesMidDeliveryLosesNothing() throws Exception {
        String crashed = newPatientId();
        String other = newPatientId();
        enqueue(crashed, Plans.newPlan(crashed, "plan-" + crashed, 1));
        enqueue(crashed, List.of(Plans.carePlan(crashed, "plan-" + crashed, 2, "revision 2")));
        enqueue(other, Plans.newPlan(other, "plan-" + other, 1));
        long claimedId = rowsOf(crashed).get(0).id;

        // a relay on another replica has claimed the patient's first row and is mid-delivery
        try (Connection replica = dataSource.getConnection()) {
            replica.setAutoCommit(false);
            try (PreparedStatement claim = replica.prepareStatement(
                    "SELECT id FROM bone_monitor.outbox_entry WHERE id = ? FOR UPDATE SKIP LOCKED")) {
                claim.setLong(1, claimedId);
                try (ResultSet rs = claim.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            // meanwhile this relay skips the claimed row and the patient's later row, and serves the others
            OutboxRelay.Run run = relay.runOnce();
            assertThat(run.sent()).isEqualTo(1);
            assertThat(ehr.countWithIdentifier("CarePlan", "plan-" + other)).isEqualTo(1);
            assertThat(ehr.countWithIdentifier("CarePlan", "plan-" + crashed)).isZero();
            // the replica dies before committing: its transaction is rolled back by the database
            replica.rollback();
        }

        deliverAll();

        assertThat(rowsOf(crashed)).extracting(r -> r.status)
                .containsExactly(OutboxEntry.Status.SENT, OutboxEntry.Status.SENT);
        assertThat(ehr.countWithIdentifier("CarePlan", "plan-" + crashed)).isEqualTo(1);
        assertThat(((CarePlan) ehr.find("CarePlan", "plan-" + crashed).orElseThrow()).getDescription())
                .isEqualTo("revision 2");
    }
}

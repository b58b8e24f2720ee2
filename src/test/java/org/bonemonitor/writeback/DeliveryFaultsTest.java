package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transient faults at the EHR: every plan still arrives exactly once (counted at the EHR), the row
 * records each attempt, and the retry schedule honours the EHR. SMART Backend Services (RS384).
 */
@QuarkusTest
@TestProfile(WritebackProfiles.SmartRs384.class)
class DeliveryFaultsTest extends WritebackTestBase {

    private static final Duration STALL = Duration.ofSeconds(10);

    @Test
    void serverErrorsAreRetriedWithBackoffUntilDeliveredOnce() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 2));
        ehr.fault(FakeEhr.status(500), FakeEhr.status(502), FakeEhr.status(503));

        relay.runOnce();
        OutboxEntry afterFirst = onlyRowOf(patient);
        assertThat(afterFirst.status).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(afterFirst.attempts).isEqualTo(1);
        assertThat(afterFirst.lastStatus).isEqualTo(500);
        // backoff base 1 s with equal jitter: the retry is 0.5–1 s later, and not due yet
        assertThat(Duration.between(afterFirst.lastAttemptAt, afterFirst.nextAttemptAt))
                .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(relay.runOnce().attempted()).isZero();

        deliverAll();

        assertExactlyOnce(patient, 2);
        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.attempts).isEqualTo(4);
        assertThat(row.lastError).isNull();
        assertThat(ehr.transactionRequests()).hasSize(4);
    }

    @Test
    void aStallBeyondTheClientTimeoutIsRetriedWithoutDuplicates() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        ehr.fault(new FakeEhr.StallBefore(STALL));

        relay.runOnce();
        OutboxEntry timedOut = onlyRowOf(patient);
        assertThat(timedOut.status).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(timedOut.lastStatus).isNull();
        assertThat(timedOut.lastError).contains("timed out");

        deliverAll();
        // the stalled request now goes on at the EHR too: its conditional create finds the plan
        ehr.releaseStalls();
        awaitProcessed(2);

        assertExactlyOnce(patient, 1);
        assertThat(ehr.transactionsProcessed().get(1)).contains(":exists");
    }

    @Test
    void aLostAcknowledgementIsResentAndTheConditionalCreateAbsorbsIt() {
        String patient = newPatientId();
        String key = "plan-" + patient;
        enqueue(patient, Plans.newPlan(patient, key, 1));
        // the EHR stores the plan, but its answer never arrives in time
        ehr.fault(new FakeEhr.StallAfter(STALL));

        relay.runOnce();
        assertThat(onlyRowOf(patient).status).isEqualTo(OutboxEntry.Status.PENDING);
        deliverAll();

        assertExactlyOnce(patient, 1);
        assertThat(ehr.transactionsProcessed()).containsExactly(
                "CarePlan:" + key + ":create,ServiceRequest:" + key + "-sr1:create",
                "CarePlan:" + key + ":exists,ServiceRequest:" + key + "-sr1:exists");
    }

    @Test
    void connectionRefusedWhileTheEhrIsDownThenDeliveredWhenItIsBack() throws Exception {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        ehr.stop();
        try {
            relay.runOnce();
            relay.runOnce();
        } finally {
            ehr.start();
        }
        OutboxEntry refused = onlyRowOf(patient);
        assertThat(refused.status).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(refused.attempts).isEqualTo(1);
        assertThat(refused.lastStatus).isNull();
        assertThat(refused.lastError).containsAnyOf("cannot connect", "no access token");

        deliverAll();

        assertExactlyOnce(patient, 1);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        ehr.fault(new FakeEhr.Status(429, Map.of("Retry-After", "120"), ""));

        relay.runOnce();
        OutboxEntry throttled = onlyRowOf(patient);
        assertThat(throttled.lastStatus).isEqualTo(429);
        // 120 s as the EHR asked, although the backoff cap is 30 s
        assertThat(Duration.between(throttled.lastAttemptAt, throttled.nextAttemptAt)).isEqualTo(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(100));
        assertThat(relay.runOnce().attempted()).isZero();
        clock.advance(Duration.ofSeconds(21));
        assertThat(relay.runOnce().sent()).isEqualTo(1);

        assertExactlyOnce(patient, 1);
    }

    @Test
    void serviceUnavailableWithRetryAfterAsHttpDate() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        String inTwoMinutes = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.now().plusSeconds(120).atZone(java.time.ZoneOffset.UTC));
        ehr.fault(new FakeEhr.Status(503, Map.of("Retry-After", inTwoMinutes), ""));

        relay.runOnce();
        OutboxEntry throttled = onlyRowOf(patient);
        assertThat(Duration.between(throttled.lastAttemptAt, throttled.nextAttemptAt))
                .isBetween(Duration.ofSeconds(115), Duration.ofSeconds(120));
        deliverAll();
        assertExactlyOnce(patient, 1);
    }

    @Test
    void unauthorisedOnceRefreshesTheTokenAndResendsInTheSameAttempt() {
        String warmUp = newPatientId();
        enqueue(warmUp, Plans.newPlan(warmUp, "plan-" + warmUp, 1));
        relay.runOnce();
        int tokensBefore = ehr.tokensIssued();

        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        ehr.fault(new FakeEhr.RevokeTokens());
        relay.runOnce();

        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.status).isEqualTo(OutboxEntry.Status.SENT);
        assertThat(row.attempts).isEqualTo(1);
        assertThat(ehr.tokensIssued()).isEqualTo(tokensBefore + 1);
        assertExactlyOnce(patient, 1);
    }

    @Test
    void theTokenIsReusedUntilShortlyBeforeItExpires() {
        ehr.tokenLifetime(600);
        // whatever token an earlier test left is long expired by now
        clock.advance(Duration.ofHours(2));
        for (int i = 0; i < 3; i++) {
            String patient = newPatientId();
            enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        }
        relay.runOnce();
        assertThat(ehr.tokensIssued()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(530));
        String later = newPatientId();
        enqueue(later, Plans.newPlan(later, "plan-" + later, 1));
        relay.runOnce();
        assertThat(ehr.tokensIssued()).as("still 70 s left, more than the 60 s margin").isEqualTo(1);

        clock.advance(Duration.ofSeconds(20));
        String nearExpiry = newPatientId();
        enqueue(nearExpiry, Plans.newPlan(nearExpiry, "plan-" + nearExpiry, 1));
        relay.runOnce();
        assertThat(ehr.tokensIssued()).as("50 s left: renewed").isEqualTo(2);
        assertThat(ehr.assertionAlgorithms()).containsOnly("RS384");
        assertThat(ehr.assertionRejections()).isEmpty();
        assertThat(ehr.wellKnownRequests()).as("the token endpoint is discovered once, then remembered").isLessThanOrEqualTo(1);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        for (int i = 0; i < 6; i++) {
            ehr.fault(FakeEhr.status(500));
        }
        for (int i = 0; i < 6; i++) {
            relay.runOnce();
            clock.advance(Duration.ofSeconds(31));
        }
        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.status).isEqualTo(OutboxEntry.Status.DEAD);
        assertThat(row.attempts).isEqualTo(6);
        assertThat(ehr.count("CarePlan")).isZero();
    }

    private void assertExactlyOnce(String patient, int orders) {
        String key = "plan-" + patient;
        assertThat(ehr.countWithIdentifier("CarePlan", key)).isEqualTo(1);
        for (int i = 1; i <= orders; i++) {
            assertThat(ehr.countWithIdentifier("ServiceRequest", key + "-sr" + i)).isEqualTo(1);
        }
        assertThat(onlyRowOf(patient).status).isEqualTo(OutboxEntry.Status.SENT);
    }

    private void awaitProcessed(int transactions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ehr.transactionsProcessed().size() < transactions && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ehr.transactionsProcessed()).hasSize(transactions);
    }
}

package org.bonemonitor.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The durable plan queue: ingest enqueues in its own transaction; a failed or crashed run loses nothing. */
@QuarkusTest
@TestProfile(PlanTestProfile.class)
class PlanQueueTest {

    @Inject
    PlanQueue queue;
    @Inject
    PlanWorker worker;
    @Inject
    PlanEvents events;

    @AfterEach
    void healObserver() {
        events.failing(false);
    }

    @Test
    void ingestEnqueuesThePatientAndTheWorkerPlansIt() {
        String p = Records.uid("q");
        PlanApi.transaction(Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).json());
        assertThat(queue.contains(p)).isTrue();
        assertThat(PlanApi.carePlans(p)).isEmpty();

        worker.drain();

        assertThat(queue.contains(p)).isFalse();
        assertThat(PlanApi.carePlans(p)).hasSize(1);
    }

    @Test
    void refusedTransactionEnqueuesNothing() {
        String p = Records.uid("q");
        Records records = Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null);
        ((org.hl7.fhir.r4.model.MedicationStatement) records.bundle().getEntry().get(1).getResource())
                .addDerivedFrom(new org.hl7.fhir.r4.model.Reference("Observation/does-not-exist-" + p));
        assertThat(PlanApi.post("/fhir", records.json()).statusCode()).isEqualTo(400);
        assertThat(queue.contains(p)).isFalse();
    }

    @Test
    void crashedRunLeavesThePatientQueued() {
        String p = Records.uid("q");
        PlanApi.transaction(Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).json());

        // a worker that claims the row and dies before committing: the claim rolls back with it
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            assertThat(queue.claim(1000)).contains(p);
            throw new IllegalStateException("worker crashed (test)");
        })).hasMessageContaining("crashed");

        assertThat(queue.contains(p)).isTrue();
        worker.drain();
        assertThat(PlanApi.carePlans(p)).hasSize(1);
        assertThat(queue.contains(p)).isFalse();
    }

    @Test
    void failingRunRollsBackAndIsRetried() {
        String p = "boom-" + Records.uid("q");
        events.failing(true);
        PlanApi.transaction(Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).json());

        worker.drain();

        assertThat(queue.contains(p)).as("still queued after the failure").isTrue();
        assertThat(PlanApi.carePlans(p)).as("nothing of the failed run is stored").isEmpty();

        events.failing(false);
        worker.drain();
        assertThat(queue.contains(p)).isFalse();
        assertThat(PlanApi.carePlans(p)).hasSize(1);
    }
}

package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;

/** Shared arrangement for the write-back component tests: a clean outbox and EHR, and a relay driven by hand. */
abstract class WritebackTestBase {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository repository;

    @Inject
    AdjustableClock clock;

    FakeEhr ehr;

    @BeforeEach
    void cleanSlate() {
        QuarkusTransaction.requiringNew().run(() -> repository.deleteAll());
        ehr.reset();
    }

    /** A new patient the EHR holds (its references must resolve there). */
    String newPatientId() {
        String id = unknownPatientId();
        ehr.registerPatient(id);
        return id;
    }

    /** A new patient the EHR has never heard of: a plan for it is refused (HAPI-1094). */
    static String unknownPatientId() {
        return "pat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The care-plan code's side: the plan change and its outbox row in one transaction. */
    void enqueue(String patientId, List<? extends Resource> changed) {
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(patientId, changed));
    }

    /** Runs the relay until nothing is pending, moving the clock to each next attempt instead of sleeping. */
    void deliverAll() {
        for (int round = 0; round < 200; round++) {
            OutboxRelay.Run run = relay.runOnce();
            long pending = QuarkusTransaction.requiringNew().call(() -> repository.count("status",
                    OutboxEntry.Status.PENDING));
            if (pending == 0) {
                return;
            }
            if (run.attempted() == 0) {
                clock.advance(Duration.ofSeconds(31));
            }
        }
        throw new AssertionError("outbox still has pending rows after 200 relay runs");
    }

    List<OutboxEntry> rowsOf(String patientId) {
        return QuarkusTransaction.requiringNew().call(() -> repository.list("patientId = ?1 order by id", patientId));
    }

    OutboxEntry onlyRowOf(String patientId) {
        List<OutboxEntry> rows = rowsOf(patientId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}

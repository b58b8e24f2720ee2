package org.bonemonitor.careplan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bonemonitor.writeback.Outbox;

/**
 * Hands every stored plan change to the write-back outbox, inside the transaction that stored it,
 * so the plan and its delivery to the EHR commit (or roll back) together.
 */
@ApplicationScoped
public class PlanWriteback {

    @Inject
    Outbox outbox;

    void onPlanChanged(@Observes PlanChanged change) {
        outbox.enqueue(change.patientId(), change.changed());
    }
}

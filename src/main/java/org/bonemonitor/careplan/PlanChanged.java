package org.bonemonitor.careplan;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * Fired synchronously, inside the transaction that stores a plan change, with the new or revised
 * CarePlan and ServiceRequests (as stored, with meta.versionId). Observers (the write-back outbox)
 * take part in that transaction: if they fail, the plan change rolls back and is retried.
 */
public record PlanChanged(String patientId, List<Resource> changed) {
    public PlanChanged {
        changed = List.copyOf(changed);
    }
}

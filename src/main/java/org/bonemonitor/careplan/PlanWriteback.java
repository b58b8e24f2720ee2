package org.bonemonitor.careplan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bonemonitor.writeback.Outbox;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Hands every stored plan change to the write-back outbox, inside the transaction that stored it,
 * so the plan and its delivery to the EHR commit (or roll back) together.
 */
@ApplicationScoped
public class PlanWriteback {

    @Inject
    Outbox outbox;

    void onPlanChanged(@Observes PlanChanged change) {
        outbox.enqueue(change.patientId(), change.changed().stream().map(PlanWriteback::typedId).toList());
    }

    /** The outbox names resources as Type/id; stored resources may carry their bare id. */
    private static Resource typedId(Resource resource) {
        if (resource.getIdElement().hasResourceType()) {
            return resource;
        }
        Resource copy = resource.copy();
        copy.setIdElement(new IdType(resource.fhirType(), resource.getIdElement().getIdPart()));
        return copy;
    }
}

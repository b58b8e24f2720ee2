package org.bonemonitor.cdshooks;

import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.ServiceRequest;

/** The resources a card's suggestion creates: the CarePlan and its ServiceRequests, as the care-plan feature builds them. */
record SuggestedPlan(CarePlan carePlan, List<ServiceRequest> serviceRequests) {

    SuggestedPlan {
        serviceRequests = List.copyOf(serviceRequests);
    }
}

package org.bonemonitor.careplan;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The FHIR form of one assessment: the CarePlan, its ServiceRequests and the Provenance naming the
 * inputs. {@code carePlan} and {@code provenance} are null and the list empty when the assessment
 * has no plan.
 */
public record PlanResources(CarePlan carePlan, List<ServiceRequest> serviceRequests, Provenance provenance) {

    public PlanResources {
        serviceRequests = List.copyOf(serviceRequests);
    }

    public static PlanResources none() {
        return new PlanResources(null, List.of(), null);
    }

    public boolean hasPlan() {
        return carePlan != null;
    }

    /** CarePlan, ServiceRequests, Provenance, in that order (empty without a plan). */
    public List<Resource> all() {
        List<Resource> out = new ArrayList<>();
        if (carePlan != null) {
            out.add(carePlan);
        }
        out.addAll(serviceRequests);
        if (provenance != null) {
            out.add(provenance);
        }
        return out;
    }
}

package org.bonemonitor.guideline;

import java.util.List;

/**
 * Provenance: the records the assessment used, for CarePlan.supportingInfo / addresses /
 * ServiceRequest.reasonReference and a Provenance. Every list is sorted and free of duplicates.
 */
public record UsedInputs(List<String> aiEvidence, List<String> dxaObservations, List<String> labObservations,
        List<String> breastCancerConditions, List<String> otherSupporting) {
    public UsedInputs {
        aiEvidence = List.copyOf(aiEvidence);
        dxaObservations = List.copyOf(dxaObservations);
        labObservations = List.copyOf(labObservations);
        breastCancerConditions = List.copyOf(breastCancerConditions);
        otherSupporting = List.copyOf(otherSupporting);
    }

    public static UsedInputs none() {
        return new UsedInputs(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}

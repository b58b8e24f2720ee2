package org.bonemonitor.careplan;

import java.util.List;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.hl7.fhir.r4.model.Resource;

/**
 * Fired synchronously after every re-plan of a stored patient, changed or not, inside its
 * transaction: the assessment (with its evaluation date) and the record it read. The ops read model
 * keeps "assessed on" and the worklist facts from it.
 */
public record PatientAssessed(String patientId, BoneHealthAssessment assessment, List<Resource> record) {
    public PatientAssessed {
        record = List.copyOf(record);
    }
}

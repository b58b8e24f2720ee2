package org.bonemonitor.ops;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.careplan.PlanQueue;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.StoredResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** A stored patient's current record of the types the rules read, parsed. */
@ApplicationScoped
public class PatientRecords {

    private final ResourceStore store;
    private final FhirContext fhir;

    PatientRecords(ResourceStore store, FhirContext fhir) {
        this.store = store;
        this.fhir = fhir;
    }

    record Record(String patientId, List<Resource> resources) {
        Optional<Patient> patient() {
            return resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst();
        }
    }

    Record load(String patientId) {
        IParser parser = fhir.newJsonParser();
        List<Resource> resources = new ArrayList<>();
        for (StoredResource s : store.currentForPatient(patientId, PlanQueue.PLANNED_TYPES)) {
            resources.add((Resource) parser.parseResource(s.raw()));
        }
        return new Record(patientId, resources);
    }
}

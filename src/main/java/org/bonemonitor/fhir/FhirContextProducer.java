package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import jakarta.inject.Singleton;

/** One FhirContext for the whole service: it is expensive to build and thread-safe once built. */
public class FhirContextProducer {

    @Produces
    @Singleton
    FhirContext fhirContext() {
        FhirContext fhir = FhirContext.forR4();
        // Keep ids as the body states them (HAPI would otherwise take them from Bundle.entry.fullUrl),
        // and skip HAPI's search for references to contain at every encode: we never ask for it.
        fhir.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false)
                .setAutoContainReferenceTargetsWithNoId(false);
        return fhir;
    }

    /** HAPI builds its model lazily: parse a small bundle at start so the first request is not slow. */
    void warmUp(@Observes StartupEvent event, FhirContext fhir) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference("Patient/warm-up"))).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        bundle.addEntry().setResource(new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setSubject(new Reference("Patient/warm-up"))).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("MedicationStatement");
        String json = fhir.newJsonParser().encodeResourceToString(bundle);
        fhir.newJsonParser().parseResource(json);
        fhir.newXmlParser().parseResource(fhir.newXmlParser().encodeResourceToString(bundle));
    }
}

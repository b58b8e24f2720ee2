package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One FhirContext for the whole service: it is expensive to build and thread-safe once built. */
public class FhirContextProducer {

    @Produces
    @Singleton
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }
}

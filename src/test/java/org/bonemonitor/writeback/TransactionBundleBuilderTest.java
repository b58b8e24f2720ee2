package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

class TransactionBundleBuilderTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final TransactionBundleBuilder builder = new TransactionBundleBuilder(FHIR, "https://bone-monitor.org/fhir");

    @Test
    void newResourcesAreConditionalCreatesLinkedByUrnUuid() {
        List<Resource> changed = Plans.newPlan("p1", "k1", 1);

        TransactionBundleBuilder.Built built = builder.build(changed, key -> Optional.empty());
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, built.json());

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        Bundle.BundleEntryComponent planEntry = bundle.getEntry().get(0);
        Bundle.BundleEntryComponent orderEntry = bundle.getEntry().get(1);
        assertThat(planEntry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        assertThat(planEntry.getRequest().getUrl()).isEqualTo("CarePlan");
        assertThat(planEntry.getRequest().getIfNoneExist())
                .isEqualTo("identifier=https%3A%2F%2Fbone-monitor.org%2Ffhir%2Fsid%2Fcare-plan|k1");
        assertThat(planEntry.getFullUrl()).startsWith("urn:uuid:");
        CarePlan plan = (CarePlan) planEntry.getResource();
        ServiceRequest order = (ServiceRequest) orderEntry.getResource();
        assertThat(built.json()).as("our ids and versions are not sent").doesNotContain("\"id\":\"k1")
                .doesNotContain("versionId");
        assertThat(plan.getActivityFirstRep().getReference().getReference()).isEqualTo(orderEntry.getFullUrl());
        assertThat(order.getBasedOnFirstRep().getReference()).isEqualTo(planEntry.getFullUrl());
        assertThat(order.getSubject().getReference()).isEqualTo("Patient/p1");
        assertThat(built.summary()).isEqualTo("CarePlan/k1/_history/1 ServiceRequest/k1-sr1/_history/1");
        assertThat(built.identities()).extracting(TransactionBundleBuilder.Identity::value).containsExactly("k1", "k1-sr1");
        assertThat(((CarePlan) changed.get(0)).getIdElement().getIdPart()).as("input untouched").isEqualTo("k1");
    }

    @Test
    void revisionsAreConditionalUpdatesAndEarlierResourcesConditionalReferences() {
        CarePlan revised = Plans.carePlan("p1", "k1", 2, "revised");
        revised.addActivity().getReference().setReference("ServiceRequest/k1-sr1");
        TransactionBundleBuilder.Identity earlierOrder = new TransactionBundleBuilder.Identity("ServiceRequest", "k1-sr1",
                Plans.ORDER_SYSTEM, "k1-sr1");

        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, builder.build(List.of(revised),
                key -> key.equals("ServiceRequest/k1-sr1") ? Optional.of(earlierOrder) : Optional.empty()).json());

        Bundle.BundleEntryComponent entry = bundle.getEntryFirstRep();
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl())
                .isEqualTo("CarePlan?identifier=https%3A%2F%2Fbone-monitor.org%2Ffhir%2Fsid%2Fcare-plan|k1");
        assertThat(((CarePlan) entry.getResource()).getActivityFirstRep().getReference().getReference())
                .isEqualTo("ServiceRequest?identifier=https%3A%2F%2Fbone-monitor.org%2Ffhir%2Fsid%2Fservice-request|k1-sr1");
    }

    @Test
    void refusesAResourceWithoutOurIdentifier() {
        CarePlan plan = Plans.carePlan("p1", "k1", 1, "x");
        plan.getIdentifierFirstRep().setSystem("urn:oid:1.2.3");
        assertThatThrownBy(() -> builder.build(List.of(plan), key -> Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CarePlan/k1 has no identifier whose system starts with https://bone-monitor.org/fhir");
    }

    @Test
    void refusesTheSameResourceTwiceInOneChange() {
        CarePlan plan = Plans.carePlan("p1", "k1", 1, "x");
        assertThatThrownBy(() -> builder.build(List.of(plan, plan.copy()), key -> Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CarePlan/k1 appears twice in one change");
    }
}

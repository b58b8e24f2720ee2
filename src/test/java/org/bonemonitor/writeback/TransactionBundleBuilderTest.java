package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bonemonitor.record.ResourceOrigin;
import org.bonemonitor.record.SourceRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

class TransactionBundleBuilderTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String EHR_BASE = "https://ehr.example.org/fhir";
    private final TransactionBundleBuilder builder = new TransactionBundleBuilder(FHIR, "https://bone-monitor.org/fhir", EHR_BASE);

    @Test
    void newResourcesAreConditionalCreatesLinkedByUrnUuid() {
        List<Resource> changed = Plans.newPlan("p1", "k1", 1);

        TransactionBundleBuilder.Built built = builder.build(changed, key -> Optional.empty(), key -> Optional.empty());
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
    void aStoredResourceWithItsBareIdIsWrittenBackAsWithItsTypedId() {
        List<Resource> typed = Plans.newPlan("p1", "k1", 1);
        List<Resource> bare = Plans.newPlan("p1", "k1", 1);
        bare.forEach(r -> r.setId(r.getIdElement().getIdPart()));
        assertThat(bare.get(0).getIdElement().hasResourceType()).isFalse();

        TransactionBundleBuilder.Built fromBare = builder.build(bare, key -> Optional.empty(), key -> Optional.empty());
        assertThat(fromBare.json()).isEqualTo(builder.build(typed, key -> Optional.empty(), key -> Optional.empty()).json());
        assertThat(fromBare.identities()).extracting(TransactionBundleBuilder.Identity::type).containsOnly("CarePlan", "ServiceRequest");
        CarePlan mislabelled = Plans.carePlan("p1", "k1", 1, "x");
        mislabelled.setId("ServiceRequest/k1");
        assertThatThrownBy(() -> builder.build(List.of(mislabelled), key -> Optional.empty(), key -> Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an id");
    }

    @Test
    void revisionsAreConditionalUpdatesAndEarlierResourcesConditionalReferences() {
        CarePlan revised = Plans.carePlan("p1", "k1", 2, "revised");
        revised.addActivity().getReference().setReference("ServiceRequest/k1-sr1");
        TransactionBundleBuilder.Identity earlierOrder = new TransactionBundleBuilder.Identity("ServiceRequest", "k1-sr1",
                Plans.ORDER_SYSTEM, "k1-sr1");

        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, builder.build(List.of(revised),
                key -> key.equals("ServiceRequest/k1-sr1") ? Optional.of(earlierOrder) : Optional.empty(),
                key -> Optional.empty()).json());

        Bundle.BundleEntryComponent entry = bundle.getEntryFirstRep();
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl())
                .isEqualTo("CarePlan?identifier=https%3A%2F%2Fbone-monitor.org%2Ffhir%2Fsid%2Fcare-plan|k1");
        assertThat(((CarePlan) entry.getResource()).getActivityFirstRep().getReference().getReference())
                .isEqualTo("ServiceRequest?identifier=https%3A%2F%2Fbone-monitor.org%2Ffhir%2Fsid%2Fservice-request|k1-sr1");
    }

    @Test
    void recordsAreReferencedByTheEhrIdOrByIdentifierOrLeftOut() {
        CarePlan plan = Plans.carePlan("p1", "k1", 1, "x");
        plan.addAddresses(new Reference("Condition/put-by-ehr"));
        plan.addSupportingInfo(new Reference("Observation/our-uuid-1").setDisplay("DXA"));
        plan.addSupportingInfo(new Reference("Observation/from-ehr-bundle"));
        plan.addSupportingInfo(new Reference("Observation/from-other-server"));
        plan.addSupportingInfo(new Reference("MedicationStatement/no-identifier"));
        plan.addSupportingInfo(new Reference("Observation/not-held"));
        Map<String, SourceRecord> held = Map.of(
                "Patient/p1", source("Patient/p1", "p1", null),
                "Condition/put-by-ehr", source("Condition/put-by-ehr", "put-by-ehr", null, "urn:oid:1.2|c-1"),
                "Observation/our-uuid-1", source("Observation/our-uuid-1", null, null, "|no-system", "urn:oid:1.2|obs-1"),
                "Observation/from-ehr-bundle", source("Observation/from-ehr-bundle", "77", EHR_BASE + "/"),
                "Observation/from-other-server", source("Observation/from-other-server", "88", "https://lab.example.org/fhir",
                        "urn:oid:1.3|lab-88"),
                "MedicationStatement/no-identifier", source("MedicationStatement/no-identifier", null, null));

        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, builder.build(List.of(plan),
                key -> Optional.empty(), key -> Optional.ofNullable(held.get(key))).json());
        CarePlan sent = (CarePlan) bundle.getEntryFirstRep().getResource();

        assertThat(sent.getSubject().getReference()).isEqualTo("Patient/p1");
        assertThat(sent.getAddressesFirstRep().getReference()).isEqualTo("Condition/put-by-ehr");
        assertThat(sent.getSupportingInfo()).extracting(r -> r.getReference() + " " + r.getType() + " "
                + r.getIdentifier().getSystem() + "|" + r.getIdentifier().getValue() + " " + r.getDisplay()).containsExactly(
                        "null Observation urn:oid:1.2|obs-1 DXA",
                        "Observation/77 null null|null null",
                        "null Observation urn:oid:1.3|lab-88 null",
                        "Observation/not-held null null|null null");
        assertThat(plan.getSupportingInfo()).as("input untouched").hasSize(5);

    }

    @Test
    void aRequiredReferenceThatCannotBeResolvedStaysAsItIs() {
        CarePlan plan = Plans.carePlan("p9", "k9", 1, "x");
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, builder.build(List.of(plan), key -> Optional.empty(),
                key -> Optional.of(source(key, null, null))).json());
        assertThat(((CarePlan) bundle.getEntryFirstRep().getResource()).getSubject().getReference()).isEqualTo("Patient/p9");
    }

    private static SourceRecord source(String key, String originId, String originBase, String... identifiers) {
        String[] parts = key.split("/");
        return new SourceRecord(parts[0], parts[1], Optional.ofNullable(originId)
                .map(id -> new ResourceOrigin(parts[0], parts[1], id, originBase)), List.of(identifiers));
    }

    @Test
    void refusesAResourceWithoutOurIdentifier() {
        CarePlan plan = Plans.carePlan("p1", "k1", 1, "x");
        plan.getIdentifierFirstRep().setSystem("urn:oid:1.2.3");
        assertThatThrownBy(() -> builder.build(List.of(plan), key -> Optional.empty(), key -> Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CarePlan/k1 has no identifier whose system starts with https://bone-monitor.org/fhir");
    }

    @Test
    void refusesTheSameResourceTwiceInOneChange() {
        CarePlan plan = Plans.carePlan("p1", "k1", 1, "x");
        assertThatThrownBy(() -> builder.build(List.of(plan, plan.copy()), key -> Optional.empty(), key -> Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CarePlan/k1 appears twice in one change");
    }
}

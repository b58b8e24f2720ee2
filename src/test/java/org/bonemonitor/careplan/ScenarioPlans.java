package org.bonemonitor.careplan;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.snapshot.SnapshotBuilder;
import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** Test helper: the scenario fixture bundles, assessed as of 2026-06-01 and turned into plans. */
final class ScenarioPlans {

    static final FhirContext CTX = context();
    static final LocalDate AS_OF = LocalDate.parse("2026-06-01");
    static final Path BUNDLES = Paths.get("src/test/resources/fixtures/bundles");
    static final CarePlanFactory FACTORY = new CarePlanFactory(CodeTables.standard(), "https://bone-monitor.org/fhir",
            PlanSettings.defaults());

    private ScenarioPlans() {
    }

    /** As the service parses: ids as the resources state them, not taken from Bundle.entry.fullUrl. */
    private static FhirContext context() {
        FhirContext ctx = FhirContext.forR4();
        ctx.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        return ctx;
    }

    /** The fixture file as it is. */
    static String raw(String fileName) {
        try {
            return Files.readString(BUNDLES.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture file names, e.g. {@code s01-anastrozole-new-start-no-dxa.json}. */
    static Stream<String> fixtures() {
        try (Stream<Path> files = Files.list(BUNDLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("s\\d\\d-.*\\.json")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fixture(String scenario) {
        return fixtures().filter(n -> n.startsWith(scenario.toLowerCase() + "-")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture for " + scenario));
    }

    static Bundle bundle(String fileName) {
        try {
            return (Bundle) CTX.newJsonParser().parseResource(Files.readString(BUNDLES.resolve(fileName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String patientId(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
                .map(r -> r.getIdElement().getIdPart()).findFirst().orElseThrow();
    }

    static BoneHealthAssessment assess(Bundle bundle) {
        List<Resource> resources = SnapshotBuilder.resourcesOf(bundle);
        return BoneHealthRules.assess(SnapshotBuilder.standard().build(resources, AS_OF));
    }

    static PlanResources plan(String fileName) {
        Bundle bundle = bundle(fileName);
        return FACTORY.build(patientId(bundle), assess(bundle));
    }
}

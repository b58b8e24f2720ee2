package org.bonemonitor.bulk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Test helper: what an EHR's {@code $export} would give for the scenario fixture bundles — one NDJSON
 * line per resource, grouped by type, every resource with an id and references as {@code Type/id}
 * ({@code urn:uuid} ones rewritten), ids and identifier values prefixed so each test has its own
 * patients (the other tests post the same fixtures, whose conditional creates match on identifiers).
 */
final class Exports {

    static final FhirContext CTX = context();
    static final Path BUNDLES = Paths.get("src/test/resources/fixtures/bundles");

    private Exports() {
    }

    private static FhirContext context() {
        FhirContext ctx = FhirContext.forR4();
        ctx.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        return ctx;
    }

    static List<Path> scenarioFixtures() {
        try (Stream<Path> files = Files.list(BUNDLES)) {
            return files.filter(p -> p.getFileName().toString().matches("s\\d\\d-.*\\.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Bundle bundle(Path file) {
        try {
            return (Bundle) CTX.newJsonParser().parseResource(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NDJSON lines by resource type, in first-seen type order. */
    static Map<String, List<String>> ndjson(List<Bundle> bundles, String idPrefix) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        IParser json = CTX.newJsonParser();
        for (Bundle bundle : bundles) {
            Map<String, String> byFullUrl = new HashMap<>();
            List<Resource> resources = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                String id = resource.getIdElement().getIdPart();
                if (id == null) {
                    id = entry.getFullUrl().replace("urn:uuid:", "");
                }
                String newId = idPrefix + id;
                resource.setId(newId);
                if (entry.getFullUrl() != null) {
                    byFullUrl.put(entry.getFullUrl(), resource.fhirType() + "/" + newId);
                }
                byFullUrl.put(resource.fhirType() + "/" + id, resource.fhirType() + "/" + newId);
                resources.add(resource);
            }
            for (Resource resource : resources) {
                for (Identifier identifier : CTX.newTerser().getAllPopulatedChildElementsOfType(resource, Identifier.class)) {
                    identifier.setValue(idPrefix + identifier.getValue());
                }
                for (Reference reference : CTX.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                    String target = byFullUrl.get(reference.getReference());
                    if (target != null) {
                        reference.setReference(target);
                    }
                }
                byType.computeIfAbsent(resource.fhirType(), t -> new ArrayList<>()).add(json.encodeResourceToString(resource));
            }
        }
        return byType;
    }

    static final Path SYNTHEA = Paths.get("src/test/resources/fixtures/synthea");

    /** The committed Synthea sample (one woman with breast cancer and a letrozole order): NDJSON lines by type. */
    static Map<String, List<String>> syntheaSample() {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SYNTHEA)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                byType.put(file.getFileName().toString().replace(".ndjson", ""),
                        Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byType;
    }

    /** The same lines as one collection Bundle (for the stateless plan operation). */
    static String collection(Map<String, List<String>> byType) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        IParser json = CTX.newJsonParser();
        byType.values().forEach(lines -> lines.forEach(l -> bundle.addEntry().setResource((Resource) json.parseResource(l))));
        return json.encodeResourceToString(bundle);
    }

    /** Patient ids (prefixed) of the bundles. */
    static List<String> patientIds(List<Bundle> bundles) {
        return bundles.stream().flatMap(b -> b.getEntry().stream()).map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r.fhirType().equals("Patient")).map(r -> r.getIdElement().getIdPart()).toList();
    }
}

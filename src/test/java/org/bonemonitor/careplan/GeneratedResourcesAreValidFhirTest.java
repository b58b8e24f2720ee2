package org.bonemonitor.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.bonemonitor.terminology.CodeTables;
import org.bonemonitor.testing.StrictR4Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every resource the service emits — for every scenario fixture the CarePlan, ServiceRequests and
 * Provenance, the $bone-health-plan bundle, and the published PlanDefinition, ValueSets and
 * CodeSystem — passes the HL7 R4 instance validator with no error, reference target types included
 * (a strict server refuses a reference of a type the element does not allow).
 */
class GeneratedResourcesAreValidFhirTest {

    static Stream<String> fixtures() {
        return ScenarioPlans.fixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void planOfEveryScenarioIsValid(String fixture) {
        PlanResources plan = ScenarioPlans.plan(fixture);
        for (Resource resource : plan.all()) {
            assertValid(fixture, resource);
        }
        assertValid(fixture + " $bone-health-plan", PlanBundles.collection("https://bone-monitor.org/fhir", plan, ScenarioPlans.assess(ScenarioPlans.bundle(fixture))));
    }

    /** The README examples record breast cancer: their requests carry a reasonReference to the Condition. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anastrozole-start-with-dxa.json", "letrozole-no-dxa.json", "man-testosterone-anastrozole.json"})
    void planOfEveryExampleIsValid(String example) throws IOException {
        Bundle bundle = (Bundle) ScenarioPlans.CTX.newJsonParser().parseResource(Files.readString(Path.of("examples", example)));
        PlanResources plan = ScenarioPlans.FACTORY.build(ScenarioPlans.patientId(bundle), ScenarioPlans.assess(bundle));
        assertThat(plan.all()).isNotEmpty();
        for (Resource resource : plan.all()) {
            assertValid(example, resource);
        }
    }

    @Test
    void publishedKnowledgeIsValid() {
        KnowledgeResources knowledge = new KnowledgeResources(CodeTables.standard(), "https://bone-monitor.org/fhir");
        List<Resource> all = new ArrayList<>();
        all.add(knowledge.planDefinition());
        all.add(knowledge.recommendationCodeSystem());
        knowledge.valueSetIds().forEach(id -> all.add(knowledge.valueSet(id).orElseThrow()));
        assertThat(all).hasSizeGreaterThan(5);
        all.forEach(r -> assertValid(r.fhirType() + "/" + r.getIdElement().getIdPart(), r));
    }

    static void assertValid(String label, Resource resource) {
        StrictR4Validator.assertValid(label, resource);
    }
}

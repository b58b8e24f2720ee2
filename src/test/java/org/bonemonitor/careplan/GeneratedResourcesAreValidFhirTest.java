package org.bonemonitor.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;
import org.bonemonitor.terminology.CodeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource the service emits — for every scenario fixture the CarePlan, ServiceRequests and
 * Provenance, the $bone-health-plan bundle, and the published PlanDefinition, ValueSets and
 * CodeSystem — passes the HL7 R4 instance validator with no error.
 */
class GeneratedResourcesAreValidFhirTest {

    /** Built once: the first validation loads the R4 core definitions (seconds). */
    private static final FhirValidator VALIDATOR = validator();

    private static FhirValidator validator() {
        var ctx = ScenarioPlans.CTX;
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
        FhirValidator validator = ctx.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        return validator;
    }

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
        var result = VALIDATOR.validateWithResult(resource);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
        errors.forEach(m -> System.out.printf("%s %s %s: %s @ %s%n", label, resource.fhirType(), m.getSeverity(), m.getMessage(),
                m.getLocationString()));
        assertThat(errors).as("validation errors in %s %s", label, resource.fhirType()).isEmpty();
    }
}

package org.bonemonitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's R4 instance validator as strict servers run it: core definitions and terminology, and
 * reference target types checked ({@code setAssumeValidRestReferences(true)} makes the validator
 * read the type from a {@code Type/id} reference and hold it against the element's allowed
 * targets, as a JPA server does when it indexes the resource). One instance per test JVM: the
 * first validation loads all R4 definitions (seconds).
 */
public final class StrictR4Validator {

    private static final FhirValidator VALIDATOR = build();

    private StrictR4Validator() {
    }

    private static FhirValidator build() {
        FhirContext ctx = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAssumeValidRestReferences(true);
        FhirValidator validator = ctx.newValidator();
        validator.registerValidatorModule(module);
        return validator;
    }

    /** The shared validator, for callers that report warnings too. */
    public static FhirValidator validator() {
        return VALIDATOR;
    }

    /** The ERROR and FATAL messages for a resource (empty when it is valid). */
    public static List<SingleValidationMessage> errors(IBaseResource resource) {
        return VALIDATOR.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    /** Fails with every error message (printed, with its location) when the resource is not valid. */
    public static void assertValid(String label, IBaseResource resource) {
        List<SingleValidationMessage> errors = errors(resource);
        errors.forEach(m -> System.out.printf("%s %s %s: %s @ %s%n", label, resource.fhirType(), m.getSeverity(), m.getMessage(),
                m.getLocationString()));
        assertThat(errors).as("validation errors in %s %s", label, resource.fhirType()).isEmpty();
    }
}

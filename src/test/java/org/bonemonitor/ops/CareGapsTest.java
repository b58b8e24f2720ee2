package org.bonemonitor.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Measure/$care-gaps} for an open, a closed, a prospective and a not-applicable patient; every answer validates. */
@QuarkusTest
@TestProfile(OpsTestProfile.class)
class CareGapsTest {

    static final FhirContext CTX = FhirContext.forR4();

    private static boolean posted;

    @BeforeEach
    void postFixtures() throws IOException {
        if (posted) {
            return;
        }
        posted = true;
        for (String fixture : List.of("s01-anastrozole-new-start-no-dxa", "s03-exemestane-osteoporosis",
                "s04-anastrozole-ongoing-normal-stable-bmd", "s08-tamoxifen-only")) {
            given().contentType("application/fhir+json").body(Files.readString(Path.of("src/test/resources/fixtures/bundles",
                    fixture + ".json"))).post("/fhir").then().statusCode(200);
        }
        given().contentType("application/fhir+json").body("""
                {"resourceType":"Group","id":"bone-cohort","type":"person","actual":true,
                 "member":[{"entity":{"reference":"Patient/s03"}},{"entity":{"reference":"Patient/s04"}},
                           {"entity":{"reference":"Patient/s08"}}]}""").put("/fhir/Group/bone-cohort").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    static Parameters careGaps(String query) {
        String body = given().accept("application/fhir+json").get("/fhir/Measure/$care-gaps?" + query).then().statusCode(200)
                .extract().asString();
        return CTX.newJsonParser().parseResource(Parameters.class, body);
    }

    static String gapStatus(Bundle document) {
        return document.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(DetectedIssue.class::isInstance)
                .map(DetectedIssue.class::cast).map(r -> ((CodeableConcept) r.getModifierExtension().stream()
                        .filter(x -> x.getUrl().equals(CareGaps.GAP_STATUS_URL)).findFirst().orElseThrow().getValue()).getCodingFirstRep().getCode())
                .findFirst().orElse("not-applicable");
    }

    static MeasureReport report(Bundle document) {
        return document.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(MeasureReport.class::isInstance)
                .map(MeasureReport.class::cast).findFirst().orElseThrow();
    }

    static int count(MeasureReport report, String population) {
        return report.getGroupFirstRep().getPopulation().stream().filter(p -> p.getCode().getCodingFirstRep().getCode().equals(population))
                .findFirst().orElseThrow().getCount();
    }

    @Test
    void eachStatusForItsPatient() {
        Bundle open = single(careGaps("periodStart=2026-01-01&periodEnd=2026-12-31&subject=Patient/s01"));
        System.out.println(CTX.newJsonParser().setPrettyPrint(true).encodeResourceToString(open));
        assertThat(gapStatus(open)).as("S01: the baseline DXA is overdue since the start").isEqualTo("open-gap");
        assertThat(count(report(open), "denominator")).isEqualTo(1);
        assertThat(count(report(open), "numerator")).isZero();

        Bundle closed = single(careGaps("periodStart=2026-01-01&periodEnd=2026-12-31&subject=Patient/s04"));
        assertThat(gapStatus(closed)).as("S04: the next DXA is due 2028-04-27").isEqualTo("closed-gap");
        assertThat(count(report(closed), "numerator")).isEqualTo(1);
        assertThat(report(closed).getGroupFirstRep().getMeasureScore().getValue()).isEqualByComparingTo("1");

        Bundle prospective = single(careGaps("periodStart=2027-01-01&periodEnd=2027-12-31&subject=Patient/s03"));
        assertThat(gapStatus(prospective)).as("S03: the follow-up DXA falls due 2027-02-21, inside the period").isEqualTo("prospective-gap");

        Bundle notApplicable = single(careGaps("periodStart=2026-01-01&periodEnd=2026-12-31&subject=Patient/s08"));
        assertThat(gapStatus(notApplicable)).as("S08: tamoxifen only, outside the denominator").isEqualTo("not-applicable");
        assertThat(count(report(notApplicable), "denominator")).isZero();
        assertThat(notApplicable.getEntry().stream().noneMatch(e -> e.getResource() instanceof DetectedIssue)).isTrue();

        for (Bundle b : List.of(open, closed, prospective, notApplicable)) {
            assertThat(b.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
            assertThat(b.getEntryFirstRep().getResource().fhirType()).isEqualTo("Composition");
            assertValid(b);
        }
    }

    @Test
    void aGroupGivesOneDocumentPerMemberAndTheStatusFilterSelects() {
        Parameters all = careGaps("periodStart=2026-01-01&periodEnd=2026-12-31&subject=Group/bone-cohort");
        assertThat(all.getParameter()).hasSize(3);
        Parameters closedOnly = careGaps("periodStart=2026-01-01&periodEnd=2026-12-31&subject=Group/bone-cohort&status=closed-gap");
        assertThat(closedOnly.getParameter()).extracting(p -> report((Bundle) p.getResource()).getSubject().getReference())
                .containsExactlyInAnyOrder("Patient/s03", "Patient/s04");
        Parameters openOnly = careGaps("periodStart=2026-01-01&periodEnd=2026-12-31&subject=Group/bone-cohort&status=open-gap");
        assertThat(openOnly.getParameter()).as("S08 is not-applicable, never an open gap").isEmpty();
    }

    @Test
    void theMeasureIsPublishedAndValid() {
        String body = given().accept("application/fhir+json").get("/fhir/Measure/bone-health-monitoring").then().statusCode(200)
                .extract().asString();
        Measure m = CTX.newJsonParser().parseResource(Measure.class, body);
        assertThat(m.getScoring().getCodingFirstRep().getCode()).isEqualTo("proportion");
        assertThat(m.getGroupFirstRep().getPopulation()).extracting(p -> p.getCode().getCodingFirstRep().getCode())
                .containsExactly("initial-population", "denominator", "numerator");
        assertValid(m);
    }

    @Test
    void badParametersAreOperationOutcomes() {
        given().get("/fhir/Measure/$care-gaps?periodStart=2026-01-01&subject=Patient/s01").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].diagnostics", containsString("periodEnd"));
        given().get("/fhir/Measure/$care-gaps?periodStart=2026-01-01&periodEnd=2025-01-01&subject=Patient/s01").then().statusCode(400);
        given().get("/fhir/Measure/$care-gaps?periodStart=2026-01-01&periodEnd=2026-12-31&subject=Practitioner/x").then().statusCode(400);
        given().get("/fhir/Measure/$care-gaps?periodStart=2026-01-01&periodEnd=2026-12-31&subject=Patient/s01&status=half-gap")
                .then().statusCode(400);
        given().get("/fhir/Measure/$care-gaps?periodStart=2026-01-01&periodEnd=2026-12-31&subject=Patient/nobody").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        given().get("/fhir/Measure/other").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        given().accept("application/fhir+json").get("/fhir/Measure").then().statusCode(200).body("resourceType", equalTo("Bundle"));
    }

    private static Bundle single(Parameters p) {
        assertThat(p.getParameter()).hasSize(1);
        return (Bundle) p.getParameterFirstRep().getResource();
    }

    private static final FhirValidator VALIDATOR = validator();

    private static FhirValidator validator() {
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(CTX),
                new InMemoryTerminologyServerValidationSupport(CTX), new CommonCodeSystemsTerminologyService(CTX));
        FhirValidator validator = CTX.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        return validator;
    }

    static void assertValid(Resource resource) {
        List<SingleValidationMessage> errors = VALIDATOR.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
        errors.forEach(m -> System.out.printf("%s: %s @ %s%n", m.getSeverity(), m.getMessage(), m.getLocationString()));
        assertThat(errors).as("validation errors in %s", resource.fhirType()).isEmpty();
    }
}

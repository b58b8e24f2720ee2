package org.bonemonitor.careplan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** $bone-health-plan (stateless and stored), the published knowledge, and read/search of generated resources. */
@QuarkusTest
@TestProfile(PlanTestProfile.class)
class BoneHealthPlanOperationTest {

    static final String OP = "/fhir/Patient/$bone-health-plan";

    @Inject
    PlanWorker worker;

    @Test
    void returnsThePlanOfACollectionBundleAndStoresNothing() {
        String p = Records.uid("op");
        Bundle input = Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).bundle();
        input.setType(Bundle.BundleType.COLLECTION);
        input.getEntry().forEach(e -> e.setRequest(null));

        Bundle answer = ok(PlanApi.post(OP, PlanApi.json(input)));

        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(types(answer)).containsExactly("CarePlan", "ServiceRequest", "ServiceRequest", "ServiceRequest", "Provenance");
        CarePlan plan = (CarePlan) answer.getEntryFirstRep().getResource();
        assertThat(plan.getSubject().getReference()).isEqualTo("Patient/" + p);
        assertThat(answer.getEntryFirstRep().getFullUrl()).endsWith("/fhir/CarePlan/" + plan.getIdElement().getIdPart());
        assertThat(PlanApi.carePlans(p)).isEmpty();
        assertThat(PlanApi.found("Patient?_id=" + p, Patient.class)).isEmpty();
    }

    @Test
    void acceptsParametersWithResourcePartsAndAsOf() {
        String p = Records.uid("op");
        Parameters parameters = new Parameters();
        Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).bundle().getEntry()
                .forEach(e -> parameters.addParameter().setName("resource").setResource(e.getResource()));
        parameters.addParameter().setName("asOf").setValue(new DateType("2026-07-01"));

        Bundle answer = ok(PlanApi.post(OP, PlanApi.json(parameters)));

        ServiceRequest dxa = (ServiceRequest) answer.getEntry().get(1).getResource();
        assertThat(dxa.getOccurrenceDateTimeType().getValueAsString()).isEqualTo("2026-07-01");
    }

    @Test
    void acceptsATransactionBundleAndAsOfInTheUrl() {
        Bundle answer = ok(PlanApi.post(OP + "?asOf=2026-06-01", ScenarioPlans.raw(ScenarioPlans.fixture("S13"))));
        assertThat(types(answer)).startsWith("CarePlan").endsWith("Provenance");
    }

    @Test
    void answersAnInformationalOutcomeWithoutAromataseInhibitor() {
        Bundle answer = ok(PlanApi.post(OP, ScenarioPlans.raw(ScenarioPlans.fixture("S08"))));
        assertThat(types(answer)).containsExactly("OperationOutcome");
        OperationOutcome outcome = (OperationOutcome) answer.getEntryFirstRep().getResource();
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).containsIgnoringCase("aromatase");
    }

    @Test
    void anEndedEpisodeWithNothingLeftAnswersTheInformationalOutcomeNotAnEmptyCarePlan() {
        // a 31-day letrozole course that ended in February (RULES.md §6 D8: no E1): nothing remains
        String p = Records.uid("short");
        Records record = Records.woman(p, "1990-04-04").anastrozole("ai", "completed", "2026-01-01", "2026-02-01");

        Bundle answer = ok(PlanApi.post(OP, record.json()));

        assertThat(types(answer)).containsExactly("OperationOutcome");
        OperationOutcome outcome = (OperationOutcome) answer.getEntryFirstRep().getResource();
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("nothing remains").contains("31 days");

        PlanApi.transaction(record.json());
        worker.drain();
        assertThat(PlanApi.carePlans(p)).as("the stored path creates no plan either").isEmpty();
    }

    @Test
    void returns400WhenTheBodyIsNeitherBundleNorParameters() {
        refused(PlanApi.post(OP, PlanApi.json(new Patient().setId("x"))), 400, "Bundle");
    }

    @Test
    void returns422WhenTheBundleLacksAPatient() {
        Bundle input = Records.woman("nobody", "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).bundle();
        input.getEntry().remove(0);
        refused(PlanApi.post(OP, PlanApi.json(input)), 422, "no Patient");
    }

    @Test
    void returns422ForResourcesOfTwoPatients() {
        Bundle input = Records.woman("anna", "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).bundle();
        Records.woman("berta", "1960-01-01").bundle().getEntry().forEach(input::addEntry);
        refused(PlanApi.post(OP, PlanApi.json(input)), 422, "2 different Patient");

        Bundle other = Records.woman("anna", "1964-03-10").bundle();
        Records.woman("carla", "1960-01-01").anastrozole("ai", "active", "2026-05-12", null).bundle().getEntry().stream()
                .skip(1).forEach(other::addEntry);
        refused(PlanApi.post(OP, PlanApi.json(other)), 422, "another patient");
    }

    @Test
    void returns400ForAnUnparseableAsOf() {
        String body = ScenarioPlans.raw(ScenarioPlans.fixture("S01"));
        refused(PlanApi.post(OP + "?asOf=01/06/2026", body), 400, "YYYY-MM-DD");
    }

    @Test
    void returns413ForABundleOverTheLimit() {
        Records records = Records.woman(Records.uid("big"), "1964-03-10");
        for (int i = 0; i < 101; i++) {
            records.vitaminD("2026-01-" + String.format("%02d", 1 + i % 28), "30");
        }
        refused(PlanApi.post(OP, records.json()), 413, "operation-max-entries");
    }

    @Test
    void servesTheStoredPlanAndItsResources() {
        String p = Records.uid("stored");
        PlanApi.transaction(Records.woman(p, "1964-03-10").anastrozole("ai", "active", "2026-05-12", null).json());
        worker.drain();

        Response r = given().accept(PlanApi.JSON).get("/fhir/Patient/" + p + "/$bone-health-plan");
        Bundle stored = ok(r);
        assertThat(types(stored)).containsExactly("CarePlan", "ServiceRequest", "ServiceRequest", "ServiceRequest", "Provenance");
        String carePlanId = stored.getEntryFirstRep().getResource().getIdElement().getIdPart();

        Response read = given().accept(PlanApi.JSON).get("/fhir/CarePlan/" + carePlanId);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(PlanApi.search("CarePlan?subject=Patient/" + p + "&status=active").getTotal()).isEqualTo(1);
        assertThat(PlanApi.search("CarePlan?patient=" + p + "&status=completed").getTotal()).isZero();
        Bundle page = PlanApi.search("ServiceRequest?patient=" + p + "&_count=2");
        assertThat(page.getTotal()).isEqualTo(3);
        assertThat(page.getEntry()).hasSize(2);
        assertThat(PlanApi.search("Provenance?patient=" + p).getTotal()).isEqualTo(1);
        Bundle withActivities = PlanApi.search("CarePlan?patient=" + p + "&_include=CarePlan:activity-reference");
        assertThat(withActivities.getEntry()).extracting(e -> e.getSearch().getMode().toCode() + " " + e.getResource().fhirType())
                .containsExactly("match CarePlan", "include ServiceRequest", "include ServiceRequest", "include ServiceRequest");

        refused(given().accept(PlanApi.JSON).get("/fhir/Patient/nobody-" + p + "/$bone-health-plan"), 404, "no stored");
    }

    @Test
    void publishesThePlanDefinitionValueSetsAndCodeSystem() {
        PlanDefinition pd = PlanApi.parse(PlanDefinition.class, given().accept(PlanApi.JSON).get("/fhir/PlanDefinition/aibl-2017"));
        assertThat(pd.getVersion()).isEqualTo("2026.2");
        assertThat(pd.getAction()).extracting(a -> a.getCodeFirstRep().getCodingFirstRep().getCode())
                .contains("dxa-baseline", "antiresorptive", "denosumab-transition").doesNotContain("bone-health-plan");

        ValueSet vs = PlanApi.parse(ValueSet.class, given().accept(PlanApi.JSON).get("/fhir/ValueSet/order-dxa"));
        assertThat(vs.getCompose().getInclude()).flatExtracting(i -> i.getConcept()).extracting(c -> c.getCode())
                .containsExactly("312681000", "77080");

        CodeSystem cs = PlanApi.parse(CodeSystem.class, given().accept(PlanApi.JSON).get("/fhir/CodeSystem/recommendation"));
        assertThat(cs.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode).contains("dxa-baseline", "exercise");

        refused(given().accept(PlanApi.JSON).get("/fhir/ValueSet/no-such-set"), 404, "not known");
        refused(given().accept(PlanApi.JSON).get("/fhir/PlanDefinition/other"), 404, "aibl-2017");
    }

    private static Bundle ok(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return PlanApi.parse(Bundle.class, r);
    }

    private static void refused(Response r, int status, String says) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        OperationOutcome outcome = PlanApi.parse(OperationOutcome.class, r);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(says);
    }

    private static List<String> types(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).map(Resource::fhirType).toList();
    }
}

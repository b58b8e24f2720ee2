package org.bonemonitor.bulk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bonemonitor.careplan.PlanWorker;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /fhir/$import}: an NDJSON body pushed to us, or a Bulk Data manifest named by URL. */
@QuarkusTest
@TestProfile(BulkTestProfile.class)
class NdjsonImportTest {

    static final String NDJSON = "application/fhir+ndjson";

    FakeBulkServer bulk;
    @Inject
    BulkImportService imports;
    @Inject
    PlanWorker planner;

    @BeforeEach
    void reset() {
        bulk.reset();
    }

    /** The database outlives this profile: leave no queued patient for the next test class to plan. */
    @AfterEach
    void drainPlans() {
        planner.drain();
    }

    @Test
    void anNdjsonBodyIsIngestedLineByLineAndThePatientIsPlanned() {
        String body = String.join("\n", BulkImportTest.patient("push-1"), anastrozole("push-1-ms", "push-1"),
                "{\"resourceType\":\"Observation\",\"id\":\"push-1-bad\",\"status\":\"finished-ish\",\"code\":{\"text\":\"x\"}}", "") ;

        Response r = given().contentType(NDJSON).accept("application/fhir+json").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/fhir/$import");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        OperationOutcome outcome = (OperationOutcome) Exports.CTX.newJsonParser().parseResource(r.asString());
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("2 resource(s) imported from 3 line(s); 1 line(s) not imported");
        assertThat(outcome.getIssue()).hasSize(2);
        assertThat(outcome.getIssue().get(1).getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssue().get(1).getDiagnostics()).startsWith("line 3: ").contains("code");

        planner.drain();
        given().accept("application/fhir+json").when().get("/fhir/CarePlan?patient=push-1").then().statusCode(200)
                .body("total", equalTo(1));

        // the same body again (a client retrying after a lost answer) makes no new version; %24 routes too
        given().urlEncodingEnabled(false).contentType(NDJSON).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/fhir/%24import").then().statusCode(200);
        given().accept("application/fhir+json").when().get("/fhir/MedicationStatement/push-1-ms").then().statusCode(200)
                .header("ETag", "W/\"1\"");
    }

    @Test
    void aBodyOfAnotherTypeOrAParametersWithoutManifestIsRefusedWithAnOperationOutcome() {
        given().contentType("text/plain").body("x".getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/fhir/$import").then().statusCode(415)
                .body("resourceType", equalTo("OperationOutcome"));
        given().contentType("application/fhir+json").body("{\"resourceType\":\"Parameters\",\"parameter\":[]}")
                .when().post("/fhir/$import").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("manifestUrl"));
        // only from the EHR or an allowed prefix: $import cannot make us call anywhere
        given().contentType("application/fhir+json").body(manifestParameters("http://127.0.0.1:9/elsewhere.json"))
                .when().post("/fhir/$import").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("manifest-url-prefixes"));
    }

    @Test
    void aPushedManifestUrlBecomesAnImportJob() {
        bulk.offer("Patient", List.of(BulkImportTest.patient("push-2")));
        bulk.offer("MedicationStatement", List.of(anastrozole("push-2-ms", "push-2")));

        Response r = given().contentType("application/fhir+json").body(manifestParameters(bulk.manifestUrl()))
                .when().post("/fhir/$import");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        String location = r.getHeader("Content-Location");
        assertThat(location).startsWith("/api/ops/bulk-imports/");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String status = "";
        while (Instant.now().isBefore(deadline) && !status.equals("completed")) {
            imports.runDue();
            status = given().when().get(location).then().statusCode(200).extract().jsonPath().getString("status");
        }
        given().when().get(location).then().body("status", equalTo("completed")).body("kind", equalTo("manifest"))
                .body("resources", equalTo(2)).body("startedBy", equalTo("push"));
        given().accept("application/fhir+json").when().get("/fhir/MedicationStatement/push-2-ms").then().statusCode(200);
    }

    private static String manifestParameters(String url) {
        return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"manifestUrl\",\"valueUrl\":\"" + url + "\"}]}";
    }

    static String anastrozole(String id, String patient) {
        return "{\"resourceType\":\"MedicationStatement\",\"id\":\"" + id + "\",\"status\":\"active\",\"medicationCodeableConcept\":"
                + "{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"199224\","
                + "\"display\":\"anastrozole 1 MG Oral Tablet\"}]},\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"effectiveDateTime\":\"2026-05-12\"}";
    }
}

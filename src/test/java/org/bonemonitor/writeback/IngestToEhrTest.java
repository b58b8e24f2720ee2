package org.bonemonitor.writeback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.bonemonitor.careplan.PlanWorker;
import org.junit.jupiter.api.Test;

/**
 * The whole loop: an EHR posts a patient's record, the plan is computed from the durable queue, and
 * the relay delivers it — the EHR then holds exactly the CarePlan and ServiceRequests we hold,
 * matched by identifier, once; posting the same record again sends nothing new.
 */
@QuarkusTest
@TestProfile(WritebackProfiles.EndToEnd.class)
class IngestToEhrTest extends WritebackTestBase {

    @Inject
    PlanWorker planner;

    @Test
    void theEhrHoldsExactlyThePlanWeHoldAfterIngest() throws IOException {
        String patient = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String bundle = Files.readString(Path.of("src/test/resources/fixtures/bundles/s02-letrozole-order-osteopenia-three-risk-factors.json"))
                .replace("s02", patient);
        given().contentType("application/fhir+json").body(bundle).post("/fhir").then().statusCode(200);
        planner.drain();
        deliverAll();

        List<String> carePlans = identifiers("CarePlan", patient);
        List<String> serviceRequests = identifiers("ServiceRequest", patient);
        assertThat(carePlans).hasSize(1);
        assertThat(serviceRequests).hasSizeGreaterThanOrEqualTo(4);
        assertThat(ehr.count("CarePlan")).isEqualTo(1);
        assertThat(ehr.count("ServiceRequest")).isEqualTo(serviceRequests.size());
        carePlans.forEach(id -> assertThat(ehr.countWithIdentifier("CarePlan", id)).as(id).isEqualTo(1));
        serviceRequests.forEach(id -> assertThat(ehr.countWithIdentifier("ServiceRequest", id)).as(id).isEqualTo(1));

        int transactionsSoFar = ehr.transactionRequests().size();
        given().contentType("application/fhir+json").body(bundle).post("/fhir").then().statusCode(200);
        planner.drain();
        deliverAll();
        assertThat(ehr.transactionRequests()).hasSize(transactionsSoFar);
    }

    /** The identifier values of our stored resources of one type for the patient. */
    private static List<String> identifiers(String type, String patient) {
        JsonPath search = given().accept("application/fhir+json").get("/fhir/" + type + "?patient=" + patient + "&_count=100")
                .then().statusCode(200).extract().jsonPath();
        return search.getList("entry.resource.collect { it.identifier[0].value }", String.class);
    }
}

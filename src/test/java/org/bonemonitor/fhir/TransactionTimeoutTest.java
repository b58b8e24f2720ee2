package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A transaction Bundle that outlives bone-monitor.ingest.transaction-timeout is rolled back: the
 * sender gets a 503 OperationOutcome saying so, with Retry-After, never a bare 500; nothing is stored.
 */
@QuarkusTest
@TestProfile(TransactionTimeoutTest.OneSecond.class)
class TransactionTimeoutTest {

    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bone-monitor.ingest.transaction-timeout", "1");
        }
    }

    @Test
    void aTransactionThatOutlivesItsTimeoutIsA503OperationOutcomeAndStoresNothing() {
        String patientId = "timeout-" + UUID.randomUUID();
        Response response = given().contentType("application/fhir+json").body(LargeBundleTest.syntheaSizedBundle(patientId)).post("/fhir");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("60");
        assertThat(response.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
        assertThat(response.jsonPath().getString("issue[0].code")).isEqualTo("timeout");
        assertThat(response.jsonPath().getString("issue[0].diagnostics")).contains("rolled back: nothing was stored");
        given().get("/fhir/Patient/" + patientId).then().statusCode(404);
        given().get("/fhir/Encounter?patient=" + patientId + "&_summary=count").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }
}

package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Prometheus labels carry URI templates, never the ids in a request path or query. */
@QuarkusTest
class MetricsCarryNoPatientIdTest {

    @Test
    void noPatientIdInAnyLabelAfterReadsSearchesOperationsAndFailures() {
        String id = "metrics" + Fhir.uid().replace("-", "");
        String missing = "absent" + Fhir.uid().replace("-", "");
        given().contentType(Fhir.JSON).body("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\"}")
                .put("/fhir/Patient/" + id).then().statusCode(201);
        given().get("/fhir/Patient/" + id).then().statusCode(200);
        given().get("/fhir/Patient/" + id + "/_history/1").then().statusCode(200);
        given().get("/fhir/Observation?patient=" + id).then().statusCode(200);
        given().get("/fhir/Patient/" + id + "/$bone-health-plan");
        given().get("/fhir/Patient/" + missing).then().statusCode(404);
        given().get("/fhir/Patient/" + missing + "/$bone-health-plan");
        given().get("/fhir/" + missing + "/" + id);
        given().delete("/fhir/Patient/" + id).then().statusCode(204);
        given().get("/fhir/Patient/" + id).then().statusCode(410);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count");
        assertThat(metrics).contains("uri=\"/fhir/{type}/{id}\"");
        assertThat(metrics).doesNotContain(id).doesNotContain(missing);
    }
}

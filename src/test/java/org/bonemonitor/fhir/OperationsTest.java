package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessIsUp() {
        Response r = given().get("/q/health/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).isEqualTo("UP");
    }

    @Test
    void metricsAnswerInPrometheusText() {
        given().get("/fhir/metadata");
        Response r = given().accept("text/plain").get("/q/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.asString()).contains("# HELP").contains("# TYPE").contains("http_server_requests_seconds");
    }

    @Test
    void openApiListsTheFhirPaths() {
        Response r = given().get("/q/openapi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains("/fhir:").contains("/fhir/{type}:").contains("/fhir/metadata:");
    }
}

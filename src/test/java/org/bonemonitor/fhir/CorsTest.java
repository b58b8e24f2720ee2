package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CorsTest {

    @Test
    void preflightForAFhirWriteFromABrowserAppIsAllowed() {
        Response r = given()
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/fhir/Patient");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(r.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization").contains("content-type");
    }

    @Test
    void actualResponsesToABrowserExposeTheCorrelationId() {
        Response r = given().header("Origin", "http://localhost:3000").get("/fhir/metadata");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(r.header("Access-Control-Expose-Headers").toLowerCase()).contains("x-correlation-id");
    }
}

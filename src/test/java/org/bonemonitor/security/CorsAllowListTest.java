package org.bonemonitor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** With bone-monitor.cors.origins set (as production must; the auth profile sets it), only listed origins get CORS answers. */
@QuarkusTest
@TestProfile(AuthTestProfile.class)
class CorsAllowListTest {

    private static Response preflight(String origin) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").options("/fhir/Patient");
    }

    @Test
    void aListedOriginIsAllowed() {
        Response r = preflight(TestIdp.APP_ORIGIN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(TestIdp.APP_ORIGIN);
        assertThat(r.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization");
    }

    @Test
    void anyOtherOriginIsNot() {
        assertThat(preflight("https://evil.example").header("Access-Control-Allow-Origin")).isNull();
        Response read = given().header("Origin", "https://evil.example").get("/fhir/metadata");
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
    }
}

package org.bonemonitor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bearer tokens of the in-test IdP on /fhir and /api/ops: 401 without a valid one, 403 without the scope. */
@QuarkusTest
@TestProfile(AuthTestProfile.class)
class AccessControlTest {

    static final String JSON = "application/fhir+json";

    static String patient(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\",\"birthDate\":\"1960-01-01\"}";
    }

    static String observation(String patientId) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                + "\"code\":\"62292-8\"}]},\"subject\":{\"reference\":\"Patient/" + patientId + "\"},"
                + "\"effectiveDateTime\":\"2026-05-12\",\"valueQuantity\":{\"value\":32,\"unit\":\"ng/mL\"}}";
    }

    static String id() {
        return "ac-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static Response put(String authorization, String id) {
        var request = given().contentType(JSON).body(patient(id));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.put("/fhir/Patient/" + id);
    }

    private static void assertUnauthorized(Response r) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.asString()).contains("\"resourceType\":\"OperationOutcome\"").contains("\"code\":\"login\"");
    }

    @Test
    void noTokenIs401WithAChallengeAndAnOperationOutcome() {
        Response r = given().get("/fhir/Patient/" + id());
        assertUnauthorized(r);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"bone-monitor\"");
        assertUnauthorized(given().contentType(JSON).body(patient("x")).put("/fhir/Patient/x"));
        assertUnauthorized(given().get("/fhir/Patient"));
        assertUnauthorized(given().contentType(JSON).body("{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}").post("/fhir"));
    }

    @Test
    void expiredWrongIssuerWrongAudienceAndBadSignatureAre401() {
        String scope = "system/*.read system/*.write";
        for (String token : new String[] {
                IdpTokens.scope(scope).expiredAt(Instant.now().minusSeconds(600)).bearer(),
                IdpTokens.scope(scope).issuer("https://other-idp.example/realms/x").bearer(),
                IdpTokens.scope(scope).audience("some-other-service").bearer(),
                IdpTokens.scope(scope).signedByAnotherKey().bearer(),
                "Bearer not-a-jwt",
                "Basic dXNlcjpwYXNz" }) {
            Response r = put(token, id());
            assertUnauthorized(r);
            assertThat(r.asString()).doesNotContain(token.substring(7));
        }
        assertThat(put(IdpTokens.scope(scope).expiredAt(Instant.now().minusSeconds(600)).bearer(), id())
                .header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void rightScopeIs2xxForReadsAndWrites() {
        String id = id();
        assertThat(put(IdpTokens.bearer("system/Patient.write"), id).statusCode()).isEqualTo(201);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Patient.read")).get("/fhir/Patient/" + id).statusCode())
                .isEqualTo(200);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Patient.rs")).get("/fhir/Patient?_id=" + id).statusCode())
                .isEqualTo(200);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.cruds")).delete("/fhir/Patient/" + id).statusCode())
                .isEqualTo(204);
    }

    @Test
    void wrongScopeIs403PerInteraction() {
        String id = id();
        assertThat(put(IdpTokens.bearer("system/*.write"), id).statusCode()).isEqualTo(201);
        // read-only token cannot write, Observation scope cannot read a Patient, v2 'r' does not allow search
        Response write = put(IdpTokens.bearer("system/*.read"), id);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.asString()).contains("\"code\":\"forbidden\"").contains("system/Patient.write");
        assertThat(write.header("WWW-Authenticate")).contains("insufficient_scope");
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Observation.read")).get("/fhir/Patient/" + id)
                .statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Patient.r")).get("/fhir/Patient?_id=" + id)
                .statusCode()).isEqualTo(403);
        // patient/ and user/ scopes mean nothing to a backend service
        assertThat(given().header("Authorization", IdpTokens.bearer("patient/*.read user/*.read")).get("/fhir/Patient/" + id)
                .statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Patient.read")).get("/fhir/Patient/" + id + "/$bone-health-plan")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aSearchByPostNeedsASearchScopeAndAnIncludeNeedsOneOnEveryType() {
        String token = IdpTokens.bearer("system/CarePlan.rs");
        assertThat(given().header("Authorization", token).contentType("application/x-www-form-urlencoded")
                .body("patient=" + id()).post("/fhir/CarePlan/_search").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/CarePlan.c")).contentType("application/x-www-form-urlencoded")
                .body("patient=" + id()).post("/fhir/CarePlan/_search").statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", token).contentType("application/x-www-form-urlencoded")
                .body("patient=" + id() + "&_include=CarePlan:activity-reference").post("/fhir/CarePlan/_search").statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", token).get("/fhir/CarePlan?_include=CarePlan:activity-reference").statusCode())
                .isEqualTo(403);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.read")).get("/fhir/CarePlan?_include=CarePlan:activity-reference")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void everyTransactionEntryIsCheckedAndNothingIsStoredWhenOneIsRefused() {
        String id = id();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":" + patient(id) + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id + "\"}},"
                + "{\"resource\":" + observation(id) + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
        Response refused = given().header("Authorization", IdpTokens.bearer("system/Patient.write")).contentType(JSON).body(bundle)
                .post("/fhir");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.asString()).contains("Observation");
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.read")).get("/fhir/Patient/" + id).statusCode())
                .isEqualTo(404);

        Response batch = given().header("Authorization", IdpTokens.bearer("system/Patient.write")).contentType(JSON)
                .body(bundle.replace("\"transaction\"", "\"batch\"")).post("/fhir");
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.jsonPath().getString("entry[0].response.status")).startsWith("201");
        assertThat(batch.jsonPath().getString("entry[1].response.status")).isEqualTo("403");

        Response ok = given().header("Authorization", IdpTokens.bearer("system/Patient.write system/Observation.c")).contentType(JSON)
                .body(bundle.replace(id, id + "b")).post("/fhir");
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void opsNeedsTheOpsScope() {
        assertThat(given().get("/api/ops/deliveries").statusCode()).isEqualTo(401);
        Response refused = given().header("Authorization", IdpTokens.bearer("system/*.read")).get("/api/ops/deliveries");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.asString()).contains("bone-monitor/ops");
        assertThat(given().header("Authorization", IdpTokens.bearer("bone-monitor/ops")).get("/api/ops/deliveries").statusCode())
                .isEqualTo(200);
        assertThat(given().header("Authorization", IdpTokens.bearer("bone-monitor/ops")).get("/api/ops/cds-feedback").statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fhir/metadata", "/q/health/live", "/q/health/ready"})
    void discoveryAndHealthStayOpen(String path) {
        assertThat(given().get(path).statusCode()).isEqualTo(200);
    }
}

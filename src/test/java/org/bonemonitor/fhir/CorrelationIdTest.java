package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.assertRefused;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CorrelationIdTest {

    @Test
    void everyErrorCarriesAGeneratedCorrelationIdAlsoUsedAsTheOutcomeId() {
        Response first = given().accept(JSON).get("/fhir/Patient/unknown-" + Fhir.uid());
        Response second = given().accept(JSON).get("/fhir/Patient/unknown-" + Fhir.uid());

        OperationOutcome a = assertRefused(first, 404, "not-found");
        OperationOutcome b = assertRefused(second, 404, "not-found");
        assertThat(a.getIdElement().getIdPart()).isNotEqualTo(b.getIdElement().getIdPart());
    }

    @Test
    void aCallerSuppliedCorrelationIdIsEchoed() {
        Response r = given().accept(JSON).header("X-Correlation-Id", "abc-123").get("/fhir/Patient/unknown-" + Fhir.uid());

        OperationOutcome outcome = assertRefused(r, 404, "not-found");
        assertThat(r.header("X-Correlation-Id")).isEqualTo("abc-123");
        assertThat(outcome.getIdElement().getIdPart()).isEqualTo("abc-123");
    }

    @Test
    void aCallerSuppliedCorrelationIdIsEchoedOnBadInputToo() {
        Response r = Fhir.fhirJson("not json").header("X-Correlation-Id", "abc-123").post("/fhir");

        OperationOutcome outcome = assertRefused(r, 400, null);
        assertThat(r.header("X-Correlation-Id")).isEqualTo("abc-123");
        assertThat(outcome.getIdElement().getIdPart()).isEqualTo("abc-123");
    }

    @Test
    void anUnsafeCallerIdIsReplacedNotEchoed() {
        Response r = given().accept(JSON).header("X-Correlation-Id", "<script>alert(1)</script>")
                .get("/fhir/Patient/unknown-" + Fhir.uid());

        assertRefused(r, 404, "not-found");
        assertThat(r.header("X-Correlation-Id")).doesNotContain("<").isNotBlank();
    }

    @Test
    void unknownEndpointsAndMethodsAnswerWithAnOperationOutcome() {
        assertRefused(given().accept(JSON).get("/fhir/Patient/a/b/c/d"), 404, null);
        assertRefused(given().accept(JSON).contentType(JSON).body("{}").patch("/fhir/Patient/x"), 405, null);
    }

    @Test
    void successfulResponsesCarryTheCorrelationIdToo() {
        Response r = given().accept(JSON).header("X-Correlation-Id", "ok-456").get("/fhir/metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("X-Correlation-Id")).isEqualTo("ok-456");
    }
}

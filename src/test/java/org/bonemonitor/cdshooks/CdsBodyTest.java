package org.bonemonitor.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A CDS Hooks body is one JSON object, a draftOrders a Bundle, a fhirServer an https URL: otherwise 400, never 500 or a card. */
@QuarkusTest
class CdsBodyTest {

    private static void assertBadRequest(Response r, String detail) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("error")).isEqualTo("bad-request");
        assertThat(r.jsonPath().getString("message")).contains(detail);
    }

    @ParameterizedTest
    @ValueSource(strings = {" {\"x\":1}", " garbage", "{}", " ]"})
    void trailingContentOrASecondDocumentIs400(String trailer) {
        String body = Cds.fixture("s14-order-sign.json").toString() + trailer;
        assertBadRequest(Cds.post(Cds.ORDER, body), "one well-formed JSON document");
    }

    @Test
    void aKeyGivenTwiceIs400() {
        String body = Cds.fixture("s14-order-sign.json").toString().replaceFirst("\\{", "{\"hook\":\"order-sign\",");
        assertBadRequest(Cds.post(Cds.ORDER, body), "Duplicate field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"Bundle\"", "42", "{\"resourceType\":\"MedicationRequest\",\"status\":\"draft\"}"})
    void aDraftOrdersThatIsNotABundleIs400(String drafts) throws Exception {
        ObjectNode request = Cds.fixture("s14-order-sign.json");
        ((ObjectNode) request.get("context")).set("draftOrders", Cds.JSON.readTree(drafts));
        assertBadRequest(Cds.post(Cds.ORDER, request), "draftOrders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://127.0.0.1:70/_x", "http://ehr.example.org/fhir", "https://169.254.169.254/latest",
            "https://[fe80::1]/fhir", "https://metadata.google.internal/computeMetadata", "https://0.0.0.0/fhir", "not a url",
            "https://user:pw@ehr.example.org/fhir", "jar:https://ehr.example.org/x.jar!/"})
    void aFhirServerThatIsNotAnHttpsUrlToAnOrdinaryHostIs400(String fhirServer) {
        ObjectNode request = Cds.fixture("s14-order-sign.json");
        request.put("fhirServer", fhirServer);
        request.remove("prefetch");
        assertBadRequest(Cds.post(Cds.ORDER, request), "fhirServer");
    }
}

package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.assertNotStored;
import static org.bonemonitor.fhir.Fhir.assertRefused;
import static org.bonemonitor.fhir.Fhir.diagnostics;
import static org.bonemonitor.fhir.Fhir.postBundle;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Classes of bad input that answered 5xx or were accepted: each is a 400 OperationOutcome and stores nothing. */
@QuarkusTest
class HardeningTest {

    private static String patientJson(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\"}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fhir/Patient/a%00b", "/fhir/Patient/a%00b/_history/1", "/fhir/Patient?_id=a%00b",
            "/fhir/Observation?patient=x%00", "/fhir/Patient/x%00/$bone-health-plan", "/fhir/Observation?pat%00ient=x",
            "/fhir/Patient?_id=a%0Ab"})
    void aControlCharacterOrBrokenEscapeInThePathOrQueryIs400(String url) {
        Response r = given().urlEncodingEnabled(false).accept(JSON).get(url);
        assertRefused(r, 400, "invalid");
    }

    @Test
    void aNulInTheIdOfAWriteIs400() {
        Response r = given().urlEncodingEnabled(false).contentType(JSON).body(patientJson("a")).put("/fhir/Patient/a%00b");
        assertRefused(r, 400, "invalid");
    }

    @Test
    void twoTransactionEntriesWithTheSameFullUrlAre400() {
        String a = uid();
        String b = uid();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:11111111-1111-4111-8111-111111111111\",\"resource\":" + patientJson(a)
                + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + a + "\"}},"
                + "{\"fullUrl\":\"urn:uuid:11111111-1111-4111-8111-111111111111\",\"resource\":" + patientJson(b)
                + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + b + "\"}}]}";
        var outcome = assertRefused(postBundle(bundle), 400, "invalid");
        assertThat(diagnostics(outcome)).contains("fullUrl").contains("entry[0]");
        assertNotStored("Patient/" + a);
        assertNotStored("Patient/" + b);
    }

    @Test
    void aContainedResourceThatContainsResourcesIs400InJsonAndXml() {
        String id = uid();
        String json = "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\","
                + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"#p\"},"
                + "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p\",\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"o\"}],"
                + "\"managingOrganization\":{\"reference\":\"#o\"}}]}";
        var outcome = assertRefused(given().contentType(JSON).body(json).put("/fhir/Observation/" + id), 400, "structure");
        assertThat(diagnostics(outcome)).contains("contained").contains("dom-2");
        String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><id value=\"" + id + "\"/><contained><Patient><id value=\"p\"/>"
                + "<contained><Organization><id value=\"o\"/></Organization></contained>"
                + "<managingOrganization><reference value=\"#o\"/></managingOrganization></Patient></contained>"
                + "<status value=\"final\"/><code><text value=\"x\"/></code><subject><reference value=\"#p\"/></subject></Observation>";
        assertRefused(given().contentType(Fhir.XML).body(xml).put("/fhir/Observation/" + id), 400, "structure");
        assertNotStored("Observation/" + id);
    }

    @Test
    void xmlWhoseDeclaredEncodingIsNotItsBytesIs400() {
        String id = uid();
        String body = "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"" + id + "\"/><name><family value=\"Müller\"/></name></Patient>";
        // UTF-8 bytes declared as Latin-1
        assertRefused(given().contentType(Fhir.XML).body(("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + body)
                .getBytes(StandardCharsets.UTF_8)).put("/fhir/Patient/" + id), 400, "structure");
        // Latin-1 bytes declared (or defaulting) as UTF-8
        assertRefused(given().contentType("application/fhir+xml").body(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body)
                .getBytes(StandardCharsets.ISO_8859_1)).put("/fhir/Patient/" + id), 400, "structure");
        assertRefused(given().contentType("application/fhir+xml").body(body.getBytes(StandardCharsets.UTF_16))
                .put("/fhir/Patient/" + id), 400, null);
        assertNotStored("Patient/" + id);
        // the same body in UTF-8, declared so, is fine
        assertThat(given().contentType(Fhir.XML).body(("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body)
                .getBytes(StandardCharsets.UTF_8)).put("/fhir/Patient/" + id).statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identifier=urn:oid:1.2|%zz", "identifier=urn:oid:1.2|ab%", "identifier=urn:oid:1.2|a%00b"})
    void anIfNoneExistWithAMalformedOrNulEscapeIs400(String condition) {
        String id = uid();
        Response single = given().contentType(JSON).header("If-None-Exist", condition).body(patientJson(id)).post("/fhir/Patient");
        assertRefused(single, 400, "invalid");
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + patientJson(id)
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"" + condition + "\"}}]}";
        assertRefused(postBundle(bundle), 400, "invalid");
    }
}

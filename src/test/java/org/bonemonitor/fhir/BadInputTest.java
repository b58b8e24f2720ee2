package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.XML;
import static org.bonemonitor.fhir.Fhir.assertNotStored;
import static org.bonemonitor.fhir.Fhir.assertRefused;
import static org.bonemonitor.fhir.Fhir.diagnostics;
import static org.bonemonitor.fhir.Fhir.observation;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.postBundle;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal is an OperationOutcome with the right status, no stack trace, and nothing written. */
@QuarkusTest
class BadInputTest {

    private static Response putPatient(String id, String contentType, String body) {
        return given().contentType(contentType).accept(JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .put("/fhir/Patient/" + id);
    }

    /** A transaction that stores Patient/{p} and then has the given raw entry. */
    private static String transactionWith(String p, String entryJson) {
        return """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"resource": {"resourceType": "Patient", "id": "%s", "gender": "female"},
                   "request": {"method": "PUT", "url": "Patient/%s"}},
                  %s
                ]}""".formatted(p, p, entryJson);
    }

    // --- not FHIR at all ---

    @Test
    void refusesABodyThatIsNotJson() {
        String p = "p-" + uid();
        assertRefused(putPatient(p, JSON, "this is not json {"), 400, "structure");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesABodyThatIsNotXml() {
        String p = "p-" + uid();
        assertRefused(putPatient(p, XML, "this is not xml <"), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesXmlOutsideTheFhirNamespace() {
        String p = "p-" + uid();
        assertRefused(putPatient(p, XML, "<Patient><id value=\"" + p + "\"/></Patient>"), 400, "structure");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesJsonWithTrailingContent() {
        String p = "p-" + uid();
        String body = "{\"resourceType\": \"Patient\", \"id\": \"" + p + "\"} {\"resourceType\": \"Patient\"}";
        assertRefused(putPatient(p, JSON, body), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesJsonWithTrailingGarbageAfterATransaction() {
        String p = "p-" + uid();
        String body = Tx.transaction().put(patient(p)).json() + " ]garbage";
        assertRefused(postBundle(body), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAnUnknownResourceType() {
        OperationOutcome outcome = assertRefused(Fhir.fhirJson("{\"resourceType\": \"Foo\", \"id\": \"x\"}").post("/fhir"), 400, null);
        assertThat(diagnostics(outcome)).contains("Foo");
        assertRefused(Fhir.fhirJson("{\"resourceType\": \"Foo\"}").post("/fhir/Patient"), 400, null);
    }

    @Test
    void refusesAResourceOfAnotherTypeThanTheUrl() {
        String p = "p-" + uid();
        OperationOutcome outcome = assertRefused(putPatient(p, JSON, Fhir.json(observation("Patient/" + p, p))), 400, "invalid");
        assertThat(diagnostics(outcome)).contains("Observation").contains("Patient");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAResourceThatIsNotABundleAtTheBase() {
        String p = "p-" + uid();
        assertRefused(postBundle(Fhir.json(patient(p))), 400, "invalid");
        assertNotStored("Patient/" + p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"collection", "document", "searchset"})
    void refusesABundleThatIsNeitherTransactionNorBatch(String type) {
        String p = "p-" + uid();
        String body = """
                {"resourceType": "Bundle", "type": "%s", "entry": [
                  {"fullUrl": "urn:uuid:%s", "resource": {"resourceType": "Patient", "id": "%s"},
                   "request": {"method": "PUT", "url": "Patient/%s"}}
                ]}""".formatted(type, java.util.UUID.randomUUID(), p, p);
        OperationOutcome outcome = assertRefused(postBundle(body), 400, "invalid");
        assertThat(diagnostics(outcome)).contains(type);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesUnsupportedMediaType() {
        String p = "p-" + uid();
        assertRefused(putPatient(p, "text/plain", Fhir.json(patient(p))), 415, "not-supported");
        assertRefused(given().contentType("text/plain").body(Tx.transaction().put(patient(p)).json()).post("/fhir"), 415, null);
        assertNotStored("Patient/" + p);
    }

    // --- references that point nowhere ---

    @Test
    void refusesAUrnUuidReferenceThatNamesNoEntry() {
        String p = "p-" + uid();
        String body = Tx.transaction().put(patient(p))
                .post(observation("urn:uuid:" + java.util.UUID.randomUUID(), p + "-obs")).json();
        OperationOutcome outcome = assertRefused(postBundle(body), 400, "invalid");
        assertThat(diagnostics(outcome)).contains("urn:uuid:");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAReferenceToAPatientThatDoesNotExist() {
        String p = "p-" + uid();
        String body = Tx.transaction().put(patient(p)).post(observation("Patient/does-not-exist", p + "-obs")).json();
        OperationOutcome outcome = assertRefused(postBundle(body), 400, "invalid");
        assertThat(diagnostics(outcome)).contains("Patient/does-not-exist");
        assertNotStored("Patient/" + p);
    }

    // --- entries with a wrong method or URL ---

    @ParameterizedTest
    @ValueSource(strings = {
            // missing method
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"url\": \"Patient\"}}",
            // no request at all
            "{\"resource\": {\"resourceType\": \"Patient\"}}",
            // PATCH is not supported
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"method\": \"PATCH\", \"url\": \"Patient/x1\"}}",
            // POST with an id in the URL
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"method\": \"POST\", \"url\": \"Patient/123\"}}",
            // PUT whose URL id differs from the resource id
            "{\"resource\": {\"resourceType\": \"Patient\", \"id\": \"aaa\"}, \"request\": {\"method\": \"PUT\", \"url\": \"Patient/bbb\"}}",
            // PUT with no id
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"method\": \"PUT\", \"url\": \"Patient\"}}",
            // URL type differs from the resource type
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"method\": \"POST\", \"url\": \"Observation\"}}",
            // unknown type in the URL
            "{\"request\": {\"method\": \"GET\", \"url\": \"Foo/1\"}}",
            // absolute URL
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"method\": \"POST\", \"url\": \"http://elsewhere/fhir/Patient\"}}",
            // unknown method code
            "{\"resource\": {\"resourceType\": \"Patient\"}, \"request\": {\"method\": \"FETCH\", \"url\": \"Patient\"}}"
    })
    void refusesATransactionEntryWithAWrongMethodOrUrl(String entry) {
        String p = "p-" + uid();
        Response r = postBundle(transactionWith(p, entry));
        assertRefused(r, 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesTwoEntriesWritingTheSameResource() {
        String p = "p-" + uid();
        assertRefused(postBundle(Tx.transaction().put(patient(p)).put(patient(p)).json()), 400, "invalid");
        assertNotStored("Patient/" + p);
    }

    // --- hostile structure ---

    @Test
    void refusesJsonNestedThousandsDeep() {
        String p = "p-" + uid();
        int depth = 5000;
        StringBuilder body = new StringBuilder("{\"resourceType\": \"Patient\", \"id\": \"" + p + "\", \"extension\": ");
        for (int i = 0; i < depth; i++) {
            body.append("[{\"url\": \"http://example.org/deep\", \"extension\": ");
        }
        body.append("[]");
        for (int i = 0; i < depth; i++) {
            body.append("}]");
        }
        body.append('}');

        assertRefused(putPatient(p, JSON, body.toString()), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesJsonArraysNestedThousandsDeepInAnUnknownElement() {
        String p = "p-" + uid();
        String body = "{\"resourceType\": \"Patient\", \"id\": \"" + p + "\", \"junk\": " + "[".repeat(20000)
                + "]".repeat(20000) + "}";
        assertRefused(putPatient(p, JSON, body), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesXmlWithAnExternalEntityAndNeverResolvesIt() throws IOException {
        String p = "p-" + uid();
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Patient [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
                <Patient xmlns="http://hl7.org/fhir">
                  <id value="%s"/>
                  <name><family value="&xxe;"/></name>
                </Patient>""".formatted(p);

        Response r = putPatient(p, XML, body);

        assertRefused(r, 400, "security");
        Path hostname = Path.of("/etc/hostname");
        if (Files.exists(hostname) && !Files.readString(hostname).isBlank()) {
            assertThat(r.asString()).doesNotContain(Files.readString(hostname).trim());
        }
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesXmlWithAnyDoctype() {
        String p = "p-" + uid();
        String body = """
                <!DOCTYPE Patient [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <Patient xmlns="http://hl7.org/fhir"><id value="%s"/><name><family value="&b;"/></name></Patient>""".formatted(p);
        assertRefused(putPatient(p, XML, body), 400, "security");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesATransactionInXmlWithAnExternalEntity() {
        String p = "p-" + uid();
        String body = """
                <?xml version="1.0"?>
                <!DOCTYPE Bundle [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
                <Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/>
                  <entry><resource><Patient><id value="%s"/><name><family value="&xxe;"/></name></Patient></resource>
                  <request><method value="PUT"/><url value="Patient/%s"/></request></entry>
                </Bundle>""".formatted(p, p);
        assertRefused(given().contentType(XML).body(body).post("/fhir"), 400, "security");
        assertNotStored("Patient/" + p);
    }

    // --- values the specification forbids ---

    @Test
    void refusesAnInvalidCodeForARequiredBindingOnPatientGender() {
        String p = "p-" + uid();
        String body = "{\"resourceType\": \"Patient\", \"id\": \"" + p + "\", \"gender\": \"bogus\"}";
        OperationOutcome outcome = assertRefused(putPatient(p, JSON, body), 400, null);
        assertThat(diagnostics(outcome)).contains("bogus");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAnInvalidObservationStatusInsideATransaction() {
        String p = "p-" + uid();
        String entry = """
                {"resource": {"resourceType": "Observation", "status": "nonsense",
                  "code": {"text": "vitamin D"}, "subject": {"reference": "Patient/%s"}},
                 "request": {"method": "POST", "url": "Observation"}}""".formatted(p);
        OperationOutcome outcome = assertRefused(postBundle(transactionWith(p, entry)), 400, null);
        assertThat(diagnostics(outcome)).contains("nonsense");
        assertNotStored("Patient/" + p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"active\": \"yes\"", "\"name\": {\"family\": \"Petit\"}", "\"name\": {}",
            "\"birthDate\": \"10/03/1964\"", "\"name\": \"Petit\"", "\"birthDate\": 1964", "\"gender\": [\"female\"]",
            "\"active\": [true]", "\"multipleBirthInteger\": \"2\"", "\"name\": [{\"family\": 42}]"})
    void refusesAValueOfTheWrongJsonType(String element) {
        String p = "p-" + uid();
        String body = "{\"resourceType\": \"Patient\", \"id\": \"" + p + "\", " + element + "}";
        assertRefused(putPatient(p, JSON, body), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAJsonObjectThatNamesAnElementTwice() {
        String p = "p-" + uid();
        String body = "{\"resourceType\": \"Patient\", \"id\": \"" + p + "\", \"gender\": \"female\", \"gender\": \"male\"}";
        OperationOutcome outcome = assertRefused(putPatient(p, JSON, body), 400, null);
        assertThat(diagnostics(outcome)).contains("gender");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAnExtensionWithoutUrl() {
        String p = "p-" + uid();
        String body = "{\"resourceType\": \"Patient\", \"id\": \"" + p + "\", \"extension\": [{\"valueString\": \"x\"}]}";
        assertRefused(putPatient(p, JSON, body), 400, null);
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAnUnknownModifierExtension() {
        String p = "p-" + uid();
        String entry = """
                {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "vitamin D"},
                  "subject": {"reference": "Patient/%s"},
                  "modifierExtension": [{"url": "http://example.org/not-really", "valueBoolean": true}]},
                 "request": {"method": "POST", "url": "Observation"}}""".formatted(p);
        OperationOutcome outcome = assertRefused(postBundle(transactionWith(p, entry)), 400, "not-supported");
        assertThat(diagnostics(outcome)).contains("http://example.org/not-really");
        assertNotStored("Patient/" + p);
    }

    @Test
    void acceptsAnUnknownPlainElementWithAWarningInTheEntryOutcome() {
        String p = "p-" + uid();
        String body = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"resource": {"resourceType": "Patient", "id": "%s", "gender": "female", "shoeSize": 38},
                   "request": {"method": "PUT", "url": "Patient/%s"}}
                ]}""".formatted(p, p);

        Response r = postBundle(body);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        Bundle response = Fhir.parse(Bundle.class, r);
        assertThat(response.getEntryFirstRep().getResponse().getStatus()).startsWith("201");
        OperationOutcome outcome = (OperationOutcome) response.getEntryFirstRep().getResponse().getOutcome();
        assertThat(outcome).as("entry.response.outcome").isNotNull();
        assertThat(outcome.getIssue()).anySatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
            assertThat(i.getDiagnostics()).contains("shoeSize");
        });
        assertThat(Fhir.readOk(Patient.class, "Patient/" + p).getGender().toCode()).isEqualTo("female");
    }
}

package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.assertNotStored;
import static org.bonemonitor.fhir.Fhir.assertRefused;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.postBundle;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Body size and entry count limits, with small limits so the tests stay light. */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bone-monitor.ingest.max-body-size", "64K", "bone-monitor.ingest.max-entries", "10");
        }
    }

    /** A transaction of one patient whose narrative makes the body about {@code bytes} long. */
    private static String bigTransaction(String p, int bytes) {
        Patient patient = patient(p);
        patient.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + "x".repeat(bytes) + "</div>");
        return Tx.transaction().put(patient).json();
    }

    @Test
    void refusesABodyLargerThanTheLimitWith413() {
        String p = "p-" + uid();
        OperationOutcome outcome = assertRefused(postBundle(bigTransaction(p, 70 * 1024)), 413, "too-costly");
        assertThat(Fhir.diagnostics(outcome)).contains("max-body-size");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesAStreamedBodyWithoutContentLengthLargerThanTheLimit() {
        String p = "p-" + uid();
        byte[] body = bigTransaction(p, 200 * 1024).getBytes(StandardCharsets.UTF_8);
        Response r = given().contentType(JSON)
                // an InputStream body goes out chunked, without Content-Length: the parser's own count must stop it
                .body(new ByteArrayInputStream(body)).post("/fhir");
        assertRefused(r, 413, "too-costly");
        assertNotStored("Patient/" + p);
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        String p = "p-" + uid();
        Response r = postBundle(bigTransaction(p, 60 * 1024));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(Fhir.readOk(Patient.class, "Patient/" + p).getIdElement().getIdPart()).isEqualTo(p);
    }

    @Test
    void refusesMoreEntriesThanTheLimitWith413() {
        String p = "p-" + uid();
        Tx tx = Tx.transaction().put(patient(p));
        for (int i = 0; i < 10; i++) {
            tx.post(Fhir.observation("Patient/" + p, p + "-obs-" + i));
        }
        OperationOutcome outcome = assertRefused(postBundle(tx.json()), 413, "too-costly");
        assertThat(Fhir.diagnostics(outcome)).contains("11 entries").contains("max-entries");
        assertNotStored("Patient/" + p);
    }

    @Test
    void refusesTooManyEntriesInABatchAsWell() {
        String p = "p-" + uid();
        Tx tx = Tx.batch().put(patient(p));
        for (int i = 0; i < 10; i++) {
            tx.post(Fhir.observation("Patient/" + p, p + "-obs-" + i));
        }
        assertRefused(postBundle(tx.json()), 413, "too-costly");
        assertNotStored("Patient/" + p);
    }

    @Test
    void acceptsExactlyTheLimitOfEntries() {
        String p = "p-" + uid();
        Tx tx = Tx.transaction().put(patient(p));
        for (int i = 0; i < 9; i++) {
            tx.post(Fhir.observation("Patient/" + p, p + "-obs-" + i));
        }
        Response r = postBundle(tx.json());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(Fhir.total("/fhir/Observation?patient=" + p)).isEqualTo(9);
    }
}

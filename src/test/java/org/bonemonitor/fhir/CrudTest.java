package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.assertRefused;
import static org.bonemonitor.fhir.Fhir.json;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CrudTest {

    private static Response put(Patient patient) {
        return Fhir.fhirJson(json(patient)).accept(JSON).put("/fhir/Patient/" + patient.getIdElement().getIdPart());
    }

    @Test
    void updateAsCreateKeepsTheGivenIdAndVersionsOnlyRealChanges() {
        String id = "ehr-" + uid();
        Patient v1 = patient(id);

        Response created = put(v1);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(created.header("Location")).endsWith("/fhir/Patient/" + id + "/_history/1");
        assertThat(Fhir.parse(Patient.class, created).getIdElement().getIdPart()).isEqualTo(id);

        Patient v2 = patient(id);
        v2.getNameFirstRep().setFamily("Changed-" + id);
        Response changed = put(v2);
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("W/\"2\"");
        assertThat(Fhir.parse(Patient.class, changed).getMeta().getVersionId()).isEqualTo("2");

        Response unchanged = put(patient(id).setName(v2.getName()));
        assertThat(unchanged.statusCode()).as(unchanged.asString()).isEqualTo(200);
        assertThat(unchanged.header("ETag")).isEqualTo("W/\"2\"");

        Response read = Fhir.read("Patient/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("W/\"2\"");
        assertThat(read.header("Last-Modified")).isNotBlank();
        Patient current = Fhir.parse(Patient.class, read);
        assertThat(current.getMeta().getVersionId()).isEqualTo("2");
        assertThat(current.getMeta().getLastUpdated()).isNotNull();
        assertThat(current.getNameFirstRep().getFamily()).isEqualTo("Changed-" + id);
        assertThat(given().accept(JSON).get("/fhir/Patient/" + id + "/_history/3").statusCode()).isEqualTo(404);

        Response first = given().accept(JSON).get("/fhir/Patient/" + id + "/_history/1");
        assertThat(first.statusCode()).isEqualTo(200);
        Patient original = Fhir.parse(Patient.class, first);
        assertThat(original.getMeta().getVersionId()).isEqualTo("1");
        assertThat(original.getNameFirstRep().getFamily()).isEqualTo("Moreau-" + id);
    }

    @Test
    void createAssignsAnIdAndReadReturnsTheResource() {
        Patient patient = patient("ignored");
        Response created = Fhir.fhirJson(json(patient)).accept(JSON).post("/fhir/Patient");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(location).matches(".*/fhir/Patient/[A-Za-z0-9\\-.]+/_history/1");
        String id = location.replaceAll(".*/fhir/Patient/([^/]+)/_history/1", "$1");
        assertThat(id).isNotEqualTo("ignored");
        assertThat(Fhir.readOk(Patient.class, "Patient/" + id).getNameFirstRep().getFamily()).isEqualTo("Moreau-ignored");
    }

    @Test
    void readOfAnUnknownIdAnswers404WithAnOperationOutcome() {
        OperationOutcome outcome = assertRefused(Fhir.read("Patient/unknown-" + uid()), 404, "not-found");
        assertThat(Fhir.diagnostics(outcome)).contains("is not known");
    }

    @Test
    void readOfADeletedResourceAnswers410() {
        String id = "del-" + uid();
        assertThat(put(patient(id)).statusCode()).isEqualTo(201);
        assertThat(given().delete("/fhir/Patient/" + id).statusCode()).isEqualTo(204);

        assertRefused(Fhir.read("Patient/" + id), 410, "deleted");
    }

    @Test
    void singleCreateWithAnUnknownElementIsAcceptedWithAWarningWhenAskedForTheOutcome() {
        String body = """
                {"resourceType": "Patient", "gender": "female", "favouriteColour": "blue", "name": [{"family": "Petit"}]}
                """;
        Response r = Fhir.fhirJson(body).accept(JSON).header("Prefer", "return=OperationOutcome").post("/fhir/Patient");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        OperationOutcome outcome = Fhir.parse(OperationOutcome.class, r);
        assertThat(outcome.getIssue()).anySatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
            assertThat(i.getDiagnostics()).contains("favouriteColour");
        });
        String location = r.header("Location");
        String key = location.substring(location.indexOf("Patient/")).replaceAll("/_history/.*", "");
        assertThat(Fhir.readOk(Patient.class, key).getNameFirstRep().getFamily()).isEqualTo("Petit");
    }

    @Test
    void conditionalCreateWithIfNoneExistHeaderAnswersTheExistingResource() {
        String p = "p-" + uid();
        assertThat(put(patient(p)).statusCode()).isEqualTo(201);
        String body = json(Fhir.observation("Patient/" + p, p + "-obs"));
        String condition = "identifier=" + Fhir.ID_SYSTEM + "|" + p + "-obs";

        Response first = Fhir.fhirJson(body).accept(JSON).header("If-None-Exist", condition).post("/fhir/Observation");
        Response second = Fhir.fhirJson(body).accept(JSON).header("If-None-Exist", condition).post("/fhir/Observation");

        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
        assertThat(Fhir.parse(org.hl7.fhir.r4.model.Observation.class, second).getIdElement().getIdPart())
                .isEqualTo(Fhir.parse(org.hl7.fhir.r4.model.Observation.class, first).getIdElement().getIdPart());
        assertThat(Fhir.total("/fhir/Observation?patient=" + p)).isEqualTo(1);
    }

    @Test
    void putWhoseBodyIdDiffersFromTheUrlIsRefusedAndWritesNothing() {
        String id = "ehr-" + uid();
        Patient other = patient("other-" + uid());
        Response r = Fhir.fhirJson(json(other)).accept(JSON).put("/fhir/Patient/" + id);

        assertRefused(r, 400, "invalid");
        Fhir.assertNotStored("Patient/" + id);
        Fhir.assertNotStored("Patient/" + other.getIdElement().getIdPart());
    }

    @Test
    void putWithoutAnIdInTheBodyIsRefused() {
        String id = "ehr-" + uid();
        Response r = Fhir.fhirJson("{\"resourceType\": \"Patient\", \"gender\": \"male\"}").accept(JSON)
                .put("/fhir/Patient/" + id);

        assertRefused(r, 400, "invalid");
        Fhir.assertNotStored("Patient/" + id);
    }
}

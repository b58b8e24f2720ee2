package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * One patient's whole history in one transaction, the size Synthea writes (~27,000 entries,
 * ~76 MB pretty-printed): accepted within the default limits.
 */
@QuarkusTest
class LargeBundleTest {

    private static final int ENCOUNTERS = 3_000;
    private static final int OBSERVATIONS_PER_ENCOUNTER = 8;
    /** Synthea's resources carry a generated narrative; most of their size is there. */
    private static final String NARRATIVE = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><table><tbody>"
            + "<tr><th>Code</th><td>Body Height (LOINC 8302-2)</td></tr><tr><th>Status</th><td>final</td></tr>".repeat(20)
            + "</tbody></table></div>";

    @Test
    void acceptsASyntheaSizedPatientHistoryWithinTheDefaultLimits() {
        String patientId = "synthea-" + UUID.randomUUID();
        byte[] body = syntheaSizedBundle(patientId);
        assertThat(body.length).as("pretty-printed size").isGreaterThan(70_000_000);

        Response response = given().contentType("application/fhir+json").body(body).post("/fhir");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);

        assertThat(response.jsonPath().getString("type")).isEqualTo("transaction-response");
        assertThat(response.jsonPath().getList("entry")).hasSize(1 + ENCOUNTERS * (1 + OBSERVATIONS_PER_ENCOUNTER));
        String someObservation = response.jsonPath().getString("entry[" + (ENCOUNTERS * 4) + "].response.location");
        String observationId = someObservation.split("/")[1];
        given().get("/fhir/Observation/" + observationId).then().statusCode(200);
        given().get("/fhir/Encounter?patient=" + patientId + "&_count=1").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(ENCOUNTERS));
    }

    /** 1 Patient + 3,000 Encounters with 8 Observations each, urn:uuid references, pretty-printed. */
    static byte[] syntheaSizedBundle(String patientId) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.addName().setFamily("Large").addGiven("Synthea");
        patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + patientId);
        for (int e = 0; e < ENCOUNTERS; e++) {
            String encounterUrl = "urn:uuid:" + UUID.randomUUID();
            Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                    .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
                    .setSubject(new Reference(patientUrl));
            encounter.addIdentifier(new Identifier().setSystem("https://github.com/synthetichealth/synthea").setValue(UUID.randomUUID().toString()));
            encounter.addType(new CodeableConcept(new Coding("http://snomed.info/sct", "185349003", "Encounter for check up (procedure)")));
            encounter.getPeriod().setStartElement(new DateTimeType("2015-03-0" + (1 + e % 9) + "T09:00:00+01:00"))
                    .setEndElement(new DateTimeType("2015-03-0" + (1 + e % 9) + "T09:30:00+01:00"));
            bundle.addEntry().setFullUrl(encounterUrl).setResource(encounter).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
            for (int o = 0; o < OBSERVATIONS_PER_ENCOUNTER; o++) {
                Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                        .setCode(new CodeableConcept(new Coding("http://loinc.org", "8302-2", "Body Height")).setText("Body Height"))
                        .setSubject(new Reference(patientUrl)).setEncounter(new Reference(encounterUrl))
                        .setEffective(new DateTimeType("2015-03-01T09:00:00+01:00"))
                        .setValue(new Quantity().setValue(160 + o).setUnit("cm").setSystem("http://unitsofmeasure.org").setCode("cm"));
                observation.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED).setDivAsString(NARRATIVE);
                observation.addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "vital-signs")));
                bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(observation).getRequest()
                        .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
            }
        }
        FhirContext fhir = FhirContext.forR4();
        // HAPI would otherwise write each entry's fullUrl (a urn:uuid) as the resource id.
        fhir.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        return fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
    }
}

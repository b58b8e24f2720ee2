package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.XML;
import static org.bonemonitor.fhir.Fhir.observation;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.typeAndId;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

@QuarkusTest
class XmlTest {

    @Test
    void transactionPostedAsXmlReadsBackAsXmlWithTheSameContentAsJson() {
        String p = "p-" + uid();
        Response posted = given().contentType(XML).accept(XML)
                .body(Tx.transaction().put(patient(p)).post(observation("Patient/" + p, p + "-obs")).xml()
                        .getBytes(StandardCharsets.UTF_8))
                .post("/fhir");
        assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(200);
        assertThat(posted.contentType()).startsWith("application/fhir+xml");
        Bundle response = Fhir.CTX.newXmlParser().parseResource(Bundle.class, posted.asString());
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        String obsKey = typeAndId(response.getEntry().get(1));

        Response asXml = given().accept("application/fhir+xml").get("/fhir/" + obsKey);
        Response asJson = given().accept(JSON).get("/fhir/" + obsKey);

        assertThat(asXml.statusCode()).isEqualTo(200);
        assertThat(asXml.contentType()).startsWith("application/fhir+xml");
        assertThat(asXml.asString()).startsWith("<Observation xmlns=\"http://hl7.org/fhir\"");
        assertThat(asJson.contentType()).startsWith("application/fhir+json");
        Observation fromXml = Fhir.CTX.newXmlParser().parseResource(Observation.class, asXml.asString());
        Observation fromJson = Fhir.CTX.newJsonParser().parseResource(Observation.class, asJson.asString());
        assertThat(fromXml.equalsDeep(fromJson)).as("XML and JSON reads carry the same content").isTrue();
        assertThat(fromXml.getSubject().getReference()).isEqualTo("Patient/" + p);
        assertThat(fromXml.getValueQuantity().getValue()).isEqualByComparingTo("32");
    }

    @Test
    void formatParameterOverridesTheAcceptHeader() {
        String p = "p-" + uid();
        Fhir.postBundleOk(Tx.transaction().put(patient(p)).json());

        Response xml = given().accept(JSON).queryParam("_format", "xml").get("/fhir/Patient/" + p);
        Response json = given().accept(XML).queryParam("_format", "json").get("/fhir/Patient/" + p);

        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.contentType()).startsWith("application/fhir+xml");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/fhir+json");
        Patient fromXml = Fhir.CTX.newXmlParser().parseResource(Patient.class, xml.asString());
        Patient fromJson = Fhir.CTX.newJsonParser().parseResource(Patient.class, json.asString());
        assertThat(fromXml.equalsDeep(fromJson)).isTrue();
        assertThat(fromXml.getNameFirstRep().getFamily()).isEqualTo("Moreau-" + p);
    }

    @Test
    void plainApplicationJsonIsAcceptedAsABodyFormat() {
        String p = "p-" + uid();
        Response r = given().contentType("application/json")
                .body(Tx.transaction().put(patient(p)).json().getBytes(StandardCharsets.UTF_8)).post("/fhir");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(Fhir.readOk(Patient.class, "Patient/" + p).getGender().toCode()).isEqualTo("female");
    }

    @Test
    void errorsAreAnsweredInXmlWhenTheCallerAsksForXml() {
        Response r = given().contentType(XML).accept(XML).body("<Foo xmlns=\"http://hl7.org/fhir\"/>").post("/fhir/Patient");

        assertThat(r.contentType()).startsWith("application/fhir+xml");
        Fhir.assertRefused(r, 400, null);
    }
}

package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CapabilityStatementTest {

    @Test
    void metadataListsTransactionBatchPatientInteractionsAndBothFormats() {
        Response r = given().accept(Fhir.JSON).get("/fhir/metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        CapabilityStatement cs = Fhir.parse(CapabilityStatement.class, r);

        assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(cs.getFormat()).extracting(f -> f.getValue()).contains("json", "xml");
        assertThat(cs.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode())
                .contains("transaction", "batch");
        CapabilityStatementRestResourceComponent patient = cs.getRestFirstRep().getResource().stream()
                .filter(res -> res.getType().equals("Patient")).findFirst().orElseThrow();
        assertThat(patient.getInteraction()).extracting(i -> i.getCode().toCode())
                .contains("read", "create", "update", "search-type");
    }

    @Test
    void metadataIsAvailableAsXml() {
        Response r = given().accept(Fhir.XML).get("/fhir/metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/fhir+xml");
        assertThat(r.asString()).startsWith("<CapabilityStatement xmlns=\"http://hl7.org/fhir\"");
    }
}

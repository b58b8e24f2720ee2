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

    @Test
    void searchParametersAreAdvertisedPerTypeAsImplemented() {
        CapabilityStatement cs = Fhir.parse(CapabilityStatement.class, given().accept(Fhir.JSON).get("/fhir/metadata"));

        assertThat(params(cs, "Observation")).containsExactlyInAnyOrder("_id", "_lastUpdated", "patient", "subject", "status",
                "code", "category", "identifier", "date");
        assertThat(params(cs, "MedicationRequest")).contains("authoredon", "code", "status", "category").doesNotContain("date");
        assertThat(params(cs, "MedicationStatement")).contains("effective", "code");
        assertThat(params(cs, "ServiceRequest")).contains("authored", "code");
        assertThat(params(cs, "Condition")).contains("onset-date", "code", "category").doesNotContain("status");
        CapabilityStatementRestResourceComponent observation = resource(cs, "Observation");
        assertThat(observation.getSearchParam()).filteredOn(p -> p.getName().equals("code"))
                .singleElement().satisfies(p -> assertThat(p.getDocumentation()).contains("system|code"));
    }

    /** Every parameter advertised for every type is understood: a strict search using all of them answers 200. */
    @Test
    void everyAdvertisedSearchParameterIsAccepted() {
        CapabilityStatement cs = Fhir.parse(CapabilityStatement.class, given().accept(Fhir.JSON).get("/fhir/metadata"));
        assertThat(cs.getRestFirstRep().getResource()).hasSizeGreaterThan(140);
        for (CapabilityStatementRestResourceComponent resource : cs.getRestFirstRep().getResource()) {
            io.restassured.specification.RequestSpecification request = given().accept(Fhir.JSON).header("Prefer", "handling=strict");
            for (var p : resource.getSearchParam()) {
                request.queryParam(p.getName(), switch (p.getType()) {
                    case DATE -> "ge2026-01";
                    case REFERENCE -> "Patient/nobody";
                    default -> "x";
                });
            }
            Response r = request.queryParam("_sort", "-_lastUpdated").queryParam("_count", "1").get("/fhir/" + resource.getType());
            assertThat(r.statusCode()).as(resource.getType() + ": " + r.asString()).isEqualTo(200);
        }
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement cs, String type) {
        return cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type)).findFirst().orElseThrow();
    }

    private static java.util.List<String> params(CapabilityStatement cs, String type) {
        return resource(cs, type).getSearchParam().stream().map(p -> p.getName()).toList();
    }
}

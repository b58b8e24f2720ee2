package org.bonemonitor.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every prefetch template of our own discovery document, run against our own /fhir as a CDS client
 * would (strictly: a parameter we advertise but do not implement is a 400), finds the example
 * patients' data.
 */
@QuarkusTest
class PrefetchTemplatesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static boolean posted;

    @BeforeEach
    void postExamples() throws IOException {
        if (posted) {
            return;
        }
        posted = true;
        for (String example : List.of("anastrozole-start-with-dxa", "letrozole-no-dxa", "man-testosterone-anastrozole")) {
            Response r = given().contentType("application/fhir+json")
                    .body(Files.readString(Path.of("examples", example + ".json"))).post("/fhir");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        }
    }

    /** Prefetch key → the template's answer for the patient, every key of every service. */
    private static Map<String, IBaseResource> prefetch(String patientId) {
        JsonNode discovery = Cds.read(given().header("Authorization", "Bearer " + Tokens.forPath("/cds-services").sign()).get("/cds-services"));
        Map<String, IBaseResource> answers = new LinkedHashMap<>();
        for (JsonNode service : discovery.get("services")) {
            service.path("prefetch").fields().forEachRemaining(key -> {
                String query = key.getValue().asText().replace("{{context.patientId}}", patientId);
                Response r = get(query);
                assertThat(r.statusCode()).as(query + " → " + r.asString()).isEqualTo(200);
                IBaseResource answer = FHIR.newJsonParser().parseResource(r.asString());
                if (answer instanceof Bundle bundle) {
                    assertThat(bundle.getEntry()).as(query + " reports no unsupported parameter")
                            .allSatisfy(e -> assertThat(e.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH));
                }
                answers.put(key.getKey(), answer);
            });
            assertThat(service.path("prefetch").size()).as(service.path("id").asText()).isEqualTo(5);
        }
        return answers;
    }

    /** A relative FHIR query sent with Prefer: handling=strict, its parameters encoded by the client. */
    private static Response get(String query) {
        int q = query.indexOf('?');
        RequestSpecification request = given().accept("application/fhir+json").header("Prefer", "handling=strict");
        if (q > 0) {
            for (String pair : query.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                request.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return request.get("/fhir/" + (q > 0 ? query.substring(0, q) : query));
    }

    private static List<String> codes(IBaseResource answer) {
        return ((Bundle) answer).getEntry().stream().map(e -> (Resource) e.getResource())
                .flatMap(r -> FHIR.newTerser().getValues(r, "code.coding.code").stream()
                        .map(c -> ((org.hl7.fhir.r4.model.PrimitiveType<?>) c).getValueAsString()))
                .toList();
    }

    private static List<String> medications(IBaseResource answer) {
        return ((Bundle) answer).getEntry().stream().map(e -> (Resource) e.getResource())
                .flatMap(r -> FHIR.newTerser().getValues(r, "medication[x].coding.code").stream()
                        .map(c -> ((org.hl7.fhir.r4.model.PrimitiveType<?>) c).getValueAsString()))
                .toList();
    }

    @Test
    void anastrozolePatientWithBaselineDxa() {
        Map<String, IBaseResource> p = prefetch("example-anastrozole");

        assertThat(((Patient) p.get(CdsServiceCatalog.PATIENT)).getIdElement().getIdPart()).isEqualTo("example-anastrozole");
        assertThat(medications(p.get(CdsServiceCatalog.MEDICATION_REQUESTS))).contains("199224");
        assertThat(medications(p.get(CdsServiceCatalog.MEDICATION_STATEMENTS))).contains("314076");
        List<String> observed = codes(p.get(CdsServiceCatalog.OBSERVATIONS));
        assertThat(observed).contains("38267-1", "24966-4", "38264-8", "62292-8", "17861-6", "2160-0", "33914-3", "39156-5", "72166-2");
        Bundle observations = (Bundle) p.get(CdsServiceCatalog.OBSERVATIONS);
        assertThat(((Observation) observations.getEntryFirstRep().getResource()).getEffectiveDateTimeType().getValueAsString())
                .as("newest first").isEqualTo("2026-10-14");
        assertThat(codes(p.get(CdsServiceCatalog.CONDITIONS))).contains("254837009", "C50.412");
    }

    @Test
    void letrozolePatientWithoutDxa() {
        Map<String, IBaseResource> p = prefetch("example-letrozole");

        assertThat(medications(p.get(CdsServiceCatalog.MEDICATION_REQUESTS))).contains("200064");
        List<String> observed = codes(p.get(CdsServiceCatalog.OBSERVATIONS));
        assertThat(observed).contains("39156-5", "17861-6", "2160-0").doesNotContain("38267-1", "62292-8");
        assertThat(codes(p.get(CdsServiceCatalog.CONDITIONS))).contains("C50.911", "I10", "E03.9");
    }

    @Test
    void manOnTestosteroneAndAnastrozole() {
        Map<String, IBaseResource> p = prefetch("example-man");

        assertThat(((Patient) p.get(CdsServiceCatalog.PATIENT)).getGender().toCode()).isEqualTo("male");
        assertThat(medications(p.get(CdsServiceCatalog.MEDICATION_REQUESTS))).contains("199224");
        assertThat(medications(p.get(CdsServiceCatalog.MEDICATION_STATEMENTS))).contains("G03BA03");
        assertThat(codes(p.get(CdsServiceCatalog.OBSERVATIONS))).contains("2243-4", "39156-5", "17861-6");
        assertThat(codes(p.get(CdsServiceCatalog.CONDITIONS))).contains("E29.1");
    }
}

package org.bonemonitor.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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
    void postExamples() {
        if (posted) {
            return;
        }
        posted = true;
        Cds.postExamples();
    }

    /** Prefetch key → the template's answer for the patient, every key of every service. */
    private static Map<String, IBaseResource> prefetch(String patientId) {
        JsonNode discovery = Cds.read(given().header("Authorization", "Bearer " + Tokens.forPath("/cds-services").sign()).get("/cds-services"));
        Map<String, IBaseResource> answers = new LinkedHashMap<>();
        for (JsonNode service : discovery.get("services")) {
            service.path("prefetch").fields().forEachRemaining(key -> {
                String query = key.getValue().asText().replace("{{context.patientId}}", patientId);
                Response r = Cds.fhirGet(query, true);
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

package org.bonemonitor.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Reading the CDS Hooks request fields, and encoding fallback queries. Pure, no Quarkus. */
class HookRequestTest {

    @Test
    void readsTheSpecFieldsOfAnOrderSelectRequest() {
        ObjectNode body = Cds.fixture("order-select-operationoutcome.json");
        body.put("fhirServer", "https://ehr.example.org/fhir");
        body.putObject("fhirAuthorization").put("access_token", "secret").put("token_type", "Bearer");

        HookRequest r = HookRequest.from(body);

        assertThat(r.hook()).isEqualTo("order-select");
        assertThat(r.patientId()).isEqualTo("s14");
        assertThat(r.selections()).containsExactly("MedicationRequest/draft-1");
        assertThat(r.draftOrders()).isPresent();
        assertThat(r.fhirServer()).contains("https://ehr.example.org/fhir");
        assertThat(r.accessToken()).contains("secret");
        assertThat(r.prefetch().get().get("observations").get("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void aPatientIdGivenAsAReferenceIsReducedToTheId() {
        ObjectNode body = Cds.fixture("s14-order-sign.json");
        ((ObjectNode) body.get("context")).put("patientId", "Patient/s14");
        assertThat(HookRequest.from(body).patientId()).isEqualTo("s14");
    }

    @Test
    void requiresHookHookInstanceContextAndPatientId() {
        for (String field : new String[] {"hook", "hookInstance", "context"}) {
            ObjectNode body = Cds.fixture("s14-order-sign.json");
            body.remove(field);
            assertThatThrownBy(() -> HookRequest.from(body)).isInstanceOf(CdsException.class)
                    .satisfies(e -> assertThat(((CdsException) e).status()).isEqualTo(400));
        }
        ObjectNode blank = Cds.fixture("s14-order-sign.json");
        ((ObjectNode) blank.get("context")).put("patientId", " ");
        assertThatThrownBy(() -> HookRequest.from(blank)).isInstanceOf(CdsException.class);
    }

    @Test
    void fallbackQueriesEncodeTokenValuesButKeepSeparators() {
        assertThat(FhirServerClient.encodeQuery("Observation?patient=p1&code=http://loinc.org|38267-1,http://loinc.org|1989-3&_sort=-date"))
                .isEqualTo("Observation?patient=p1&code=http%3A%2F%2Floinc.org%7C38267-1,http%3A%2F%2Floinc.org%7C1989-3&_sort=-date");
        assertThat(FhirServerClient.encodeQuery("Patient/p1")).isEqualTo("Patient/p1");
    }

    @Test
    void discoveryPrefetchHasExactlyTheFiveKeys() {
        var catalog = new CdsServiceCatalog(org.bonemonitor.terminology.CodeTables.standard());
        assertThat(catalog.prefetch()).containsOnlyKeys("patient", "medicationRequests", "medicationStatements", "observations",
                "conditions");
        assertThat(catalog.service(CdsServiceCatalog.ORDER_SERVICE).orElseThrow().acceptedHooks())
                .containsExactlyInAnyOrder("order-sign", "order-select");
        assertThat(catalog.service(CdsServiceCatalog.REVIEW_SERVICE).orElseThrow().acceptedHooks()).containsExactly("patient-view");
    }
}

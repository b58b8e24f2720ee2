package org.bonemonitor.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bonemonitor.careplan.PlanWorker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The done-when of CDS Hooks as the sandbox uses it: the three example bundles posted to our /fhir,
 * patient-view called with the prefetch our own discovery templates fetch from our own /fhir, and
 * the card a clinician should see for each.
 */
@QuarkusTest
@TestProfile(ExamplesProfile.class)
class ExampleCardsTest {

    private static boolean posted;

    @Inject
    PlanWorker planner;

    @BeforeEach
    void postExamples() {
        if (posted) {
            return;
        }
        posted = true;
        Cds.postExamples();
        // The suite's database outlives a profile change: an earlier test may have posted the same
        // examples under another evaluation date, and an unchanged re-post re-plans nothing. Re-assess
        // them as the daily re-evaluation would once the clock has moved.
        for (String patient : List.of("example-anastrozole", "example-letrozole", "example-man")) {
            given().post("/api/ops/patients/" + patient + "/reassess").then().statusCode(202);
        }
        planner.drain();
    }

    /** The prefetch a CDS client builds from our discovery document's templates, fetched from our /fhir. */
    static ObjectNode prefetch(String patientId) {
        JsonNode discovery = Cds.read(given().header("Authorization", "Bearer " + Tokens.forPath("/cds-services").sign())
                .get("/cds-services"));
        JsonNode review = null;
        for (JsonNode s : discovery.get("services")) {
            if (s.path("hook").asText().equals(CdsServiceCatalog.PATIENT_VIEW)) {
                review = s;
            }
        }
        ObjectNode prefetch = Cds.JSON.createObjectNode();
        review.path("prefetch").fields().forEachRemaining(t -> {
            String query = t.getValue().asText().replace("{{context.patientId}}", patientId);
            Response r = Cds.fhirGet(query, false);
            assertThat(r.statusCode()).as(query).isEqualTo(200);
            prefetch.set(t.getKey(), Cds.read(r));
        });
        return prefetch;
    }

    static JsonNode patientView(String patientId, ObjectNode prefetch) {
        ObjectNode body = Cds.JSON.createObjectNode();
        body.put("hook", CdsServiceCatalog.PATIENT_VIEW);
        body.put("hookInstance", UUID.randomUUID().toString());
        body.putObject("context").put("userId", "Practitioner/example").put("patientId", patientId);
        body.set("prefetch", prefetch);
        return Cds.assertValidCdsResponse(Cds.post(Cds.REVIEW, body));
    }

    /** The only card of a response. */
    private static JsonNode card(JsonNode response) {
        assertThat(response.get("cards")).as(response.toPrettyString()).hasSize(1);
        return response.get("cards").get(0);
    }

    /** What every card must read like: one minus sign, capitals after "due now.", "overdue since" once per item, short labels. */
    private static void assertTextRules(JsonNode card) {
        String detail = card.get("detail").asText();
        assertThat(detail + card.get("summary").asText()).as("minus sign U+2212").doesNotContainPattern("(?<![\\w-])-\\d");
        assertThat(detail).doesNotContainPattern("due now\\. [a-z]");
        for (String line : detail.split("\n")) {
            assertThat(line.split("overdue since", -1).length - 1).as(line).isLessThanOrEqualTo(1);
        }
        for (JsonNode s : card.path("suggestions")) {
            assertThat(s.get("label").asText().length()).as(s.get("label").asText()).isLessThanOrEqualTo(80);
        }
    }

    /** The suggested CarePlan and ServiceRequests are the stored plan's: same ids, same identifiers. */
    private static void assertSuggestionsAreTheStoredPlan(String patientId, JsonNode card) {
        JsonNode stored = Cds.read(given().accept("application/fhir+json").queryParam("patient", patientId)
                .queryParam("_include", "CarePlan:activity-reference").get("/fhir/CarePlan"));
        Map<String, String> storedIdentifiers = new java.util.TreeMap<>();
        stored.path("entry").forEach(e -> storedIdentifiers.put(e.at("/resource/resourceType").asText() + "/" + e.at("/resource/id").asText(),
                e.at("/resource/identifier/0/system").asText() + "|" + e.at("/resource/identifier/0/value").asText()));
        assertThat(storedIdentifiers.keySet()).as("a stored plan").anyMatch(k -> k.startsWith("CarePlan/"));
        int suggested = 0;
        for (JsonNode action : card.at("/suggestions/0/actions")) {
            JsonNode resource = action.get("resource");
            String key = resource.get("resourceType").asText() + "/" + resource.get("id").asText();
            assertThat(storedIdentifiers).as(key + " is stored").containsKey(key);
            assertThat(resource.at("/identifier/0/system").asText() + "|" + resource.at("/identifier/0/value").asText())
                    .isEqualTo(storedIdentifiers.get(key));
            suggested++;
        }
        assertThat(suggested).isPositive();
    }

    @Test
    void anastrozoleStartWithABaselineDxaHasNothingDueNowAndAnInsufficientVitaminD() {
        JsonNode card = card(patientView("example-anastrozole", prefetch("example-anastrozole")));

        assertThat(card.get("indicator").asText()).isEqualTo("info");
        assertThat(card.get("summary").asText()).isEqualTo("Bone health on anastrozole: follow-up DXA due 2027-10-06; nothing due now");
        String detail = card.get("detail").asText();
        assertThat(detail).contains("**Anastrozole new start** (since 2026-10-1").contains("lowest T-score \u22121.6 on 2026-10-06")
                .contains("vitamin D 24 ng/mL on 2026-10-06: insufficient").contains("Follow-up DXA");
        assertTextRules(card);
        assertSuggestionsAreTheStoredPlan("example-anastrozole", card);
    }

    @Test
    void letrozoleWithoutAnyDxaIsAWarningNamingTheOverdueBaseline() {
        JsonNode card = card(patientView("example-letrozole", prefetch("example-letrozole")));

        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText())
                .isEqualTo("Bone health on letrozole: antiresorptive therapy indicated; baseline DXA overdue since 2026-10-28 (+3 more due now)");
        String detail = card.get("detail").asText();
        assertThat(detail).contains("**Letrozole new start** (since 2026-10-28)").contains("Baseline DXA").contains("Serum 25-hydroxyvitamin D")
                .as("the therapy the dental exam and renal check prepare is stated").contains("Start bone-directed (antiresorptive) therapy")
                .contains("RF2 age 68");
        assertThat(Cds.suggestedOrders(card)).contains("dxa-baseline", "lab-vitamin-d");
        assertTextRules(card);
        assertSuggestionsAreTheStoredPlan("example-letrozole", card);
    }

    @Test
    void manOnTestosteroneStartingAnastrozoleNeedsABaselineDxa() {
        JsonNode card = card(patientView("example-man", prefetch("example-man")));

        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).isEqualTo("Bone health on anastrozole: baseline DXA overdue since 2026-10-21 (+1 more due now)");
        assertThat(card.get("detail").asText()).contains("population: male").contains("Serum estradiol** — due 2027-04-14");
        assertThat(Cds.suggestedOrders(card)).contains("dxa-baseline");
        assertTextRules(card);
        assertSuggestionsAreTheStoredPlan("example-man", card);
    }

    @Test
    void anEmptyOrPartialPrefetchNeverErasesTheTherapyTheServiceHolds() {
        ObjectNode full = prefetch("example-letrozole");
        JsonNode expected = card(patientView("example-letrozole", full));

        ObjectNode noOrders = full.deepCopy();
        noOrders.set(CdsServiceCatalog.MEDICATION_REQUESTS, Cds.JSON.createObjectNode().put("resourceType", "Bundle")
                .put("type", "searchset").put("total", 0));
        ObjectNode patientOnly = Cds.JSON.createObjectNode();
        patientOnly.set(CdsServiceCatalog.PATIENT, full.get(CdsServiceCatalog.PATIENT));
        for (ObjectNode partial : List.of(noOrders, patientOnly)) {
            JsonNode card = card(patientView("example-letrozole", partial));
            assertThat(card.get("summary").asText()).isEqualTo(expected.get("summary").asText());
            assertThat(card.at("/suggestions/0/actions/0/resource/id").asText())
                    .isEqualTo(expected.at("/suggestions/0/actions/0/resource/id").asText());
        }
    }

    @Test
    void aLenientParseWarningNamesTheHookTheServiceAndTheCorrelationId() {
        java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(CdsParseWarnings.class.getName());
        logger.addHandler(capture);
        try {
            ObjectNode prefetch = prefetch("example-man");
            ((ObjectNode) prefetch.get(CdsServiceCatalog.PATIENT)).put("favouriteColour", "teal");
            ObjectNode body = Cds.JSON.createObjectNode();
            body.put("hook", CdsServiceCatalog.PATIENT_VIEW);
            body.put("hookInstance", UUID.randomUUID().toString());
            body.putObject("context").put("userId", "Practitioner/example").put("patientId", "example-man");
            body.set("prefetch", prefetch);
            Response r = given().header("Authorization", "Bearer " + Tokens.forPath(Cds.REVIEW).sign())
                    .header("X-Correlation-Id", "lenient-parse-check").contentType("application/json").body(body.toString())
                    .post(Cds.REVIEW);
            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(logged).anySatisfy(line -> assertThat(line).contains(CdsServiceCatalog.PATIENT_VIEW)
                .contains(CdsServiceCatalog.REVIEW_SERVICE).contains("lenient-parse-check").contains("favouriteColour")
                .doesNotContain("teal"));
    }
}

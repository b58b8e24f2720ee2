package org.bonemonitor.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Test helpers: signed CDS Hooks calls, fixtures, and a checker of the spec's card rules. */
final class Cds {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORDER = "/cds-services/" + CdsServiceCatalog.ORDER_SERVICE;
    static final String ORDER_SELECT = "/cds-services/" + CdsServiceCatalog.ORDER_SELECT_SERVICE;
    static final String REVIEW = "/cds-services/" + CdsServiceCatalog.REVIEW_SERVICE;
    private static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
    private static final Set<String> ACTION_TYPES = Set.of("create", "update", "delete");

    private Cds() {
    }

    /** The example bundles of examples/, as a new user posts them (Patient PUT, the rest POSTed). */
    static final java.util.List<String> EXAMPLES = java.util.List.of("anastrozole-start-with-dxa", "letrozole-no-dxa",
            "man-testosterone-anastrozole");

    static void postExamples() {
        for (String example : EXAMPLES) {
            String body;
            try {
                body = java.nio.file.Files.readString(java.nio.file.Path.of("examples", example + ".json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Response r = given().contentType("application/fhir+json").body(body).post("/fhir");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        }
    }

    /** A prefetch query (relative to our FHIR base) sent to our /fhir, its parameters encoded by the client. */
    static Response fhirGet(String query, boolean strict) {
        int q = query.indexOf('?');
        io.restassured.specification.RequestSpecification request = given().accept("application/fhir+json");
        if (strict) {
            request.header("Prefer", "handling=strict");
        }
        if (q > 0) {
            for (String pair : query.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                request.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return request.get("/fhir/" + (q > 0 ? query.substring(0, q) : query));
    }

    static ObjectNode fixture(String name) {
        try (InputStream in = Cds.class.getResourceAsStream("/fixtures/cds/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response post(String path, Object body) {
        return given().header("Authorization", "Bearer " + Tokens.forPath(path).sign()).contentType("application/json")
                .body(body.toString()).post(path);
    }

    static JsonNode read(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a hook response against CDS Hooks 2.0: {@code cards} present; each card has uuid, summary
     * (&lt; 140 chars), indicator, source.label; suggestions have label and actions with type and
     * description, and bring selectionBehavior; overrideReasons are Codings; and nowhere an empty
     * string, empty array, empty object or null (the top-level {@code cards: []} excepted).
     */
    static JsonNode assertValidCdsResponse(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        JsonNode body = read(r);
        assertThat(body.has("cards") && body.get("cards").isArray()).isTrue();
        for (JsonNode card : body.get("cards")) {
            assertThat(card.path("uuid").asText()).isNotBlank();
            assertThat(card.path("summary").asText()).isNotBlank().hasSizeLessThan(140);
            assertThat(INDICATORS).contains(card.path("indicator").asText());
            assertThat(card.path("source").path("label").asText()).isNotBlank();
            if (card.has("suggestions")) {
                assertThat(Set.of("at-most-one", "any")).contains(card.path("selectionBehavior").asText());
                for (JsonNode s : card.get("suggestions")) {
                    assertThat(s.path("label").asText()).isNotBlank();
                    for (JsonNode a : s.path("actions")) {
                        assertThat(ACTION_TYPES).contains(a.path("type").asText());
                        assertThat(a.path("description").asText()).isNotBlank();
                        if (!a.path("type").asText().equals("delete")) {
                            assertThat(a.path("resource").path("resourceType").asText()).isNotBlank();
                        }
                    }
                }
            }
            for (JsonNode o : card.path("overrideReasons")) {
                assertThat(o.path("code").asText()).isNotBlank();
                assertThat(o.path("system").asText()).isNotBlank();
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("cards")) {
                assertNoEmpties(e.getValue(), "$." + e.getKey());
            }
        }
        for (JsonNode card : body.get("cards")) {
            assertNoEmpties(card, "$.cards[]");
        }
        return body;
    }

    static void assertNoEmpties(JsonNode node, String path) {
        assertThat(node.isNull()).as("null at " + path).isFalse();
        if (node.isTextual()) {
            assertThat(node.asText()).as("empty string at " + path).isNotEmpty();
        } else if (node.isArray()) {
            assertThat(node.size()).as("empty array at " + path).isPositive();
            node.forEach(n -> assertNoEmpties(n, path + "[]"));
        } else if (node.isObject()) {
            assertThat(node.size()).as("empty object at " + path).isPositive();
            node.fields().forEachRemaining(e -> assertNoEmpties(e.getValue(), path + "." + e.getKey()));
        }
    }

    /** Recommendation code → due date ({@code occurrenceDateTime}) of the ServiceRequests a card's suggestions create. */
    static java.util.Map<String, String> suggestedDueDates(JsonNode card) {
        java.util.Map<String, String> due = new java.util.TreeMap<>();
        for (JsonNode s : card.path("suggestions")) {
            for (JsonNode a : s.path("actions")) {
                JsonNode res = a.path("resource");
                for (JsonNode c : res.path("code").path("coding")) {
                    if (res.path("resourceType").asText().equals("ServiceRequest")
                            && c.path("system").asText().equals(org.bonemonitor.terminology.CodeTables.RECOMMENDATION_SYSTEM)) {
                        due.put(c.path("code").asText(), res.path("occurrenceDateTime").asText());
                    }
                }
            }
        }
        return due;
    }

    /** The recommendation codes of the ServiceRequests a card's suggestions create. */
    static Set<String> suggestedOrders(JsonNode card) {
        Set<String> codes = new java.util.TreeSet<>();
        for (JsonNode s : card.path("suggestions")) {
            for (JsonNode a : s.path("actions")) {
                JsonNode res = a.path("resource");
                if (res.path("resourceType").asText().equals("ServiceRequest")) {
                    for (JsonNode c : res.path("code").path("coding")) {
                        if (c.path("system").asText().equals(org.bonemonitor.terminology.CodeTables.RECOMMENDATION_SYSTEM)) {
                            codes.add(c.path("code").asText());
                        }
                    }
                }
            }
        }
        return codes;
    }
}

package org.bonemonitor.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CDS Hooks feedback is stored and readable through the ops API. */
@QuarkusTest
class CdsFeedbackTest {

    @Test
    void storesAcceptedAndOverriddenFeedbackAndListsItForOps() {
        JsonNode card = Cds.read(Cds.post(Cds.ORDER, Cds.fixture("s14-order-sign.json"))).get("cards").get(0);
        String cardId = card.get("uuid").asText();
        String suggestionId = card.at("/suggestions/0/uuid").asText();
        String body = """
                {"feedback":[
                  {"card":"%1$s","outcome":"accepted","acceptedSuggestions":[{"id":"%2$s"}],"outcomeTimestamp":"2026-06-01T10:15:00Z"},
                  {"card":"%1$s","outcome":"overridden","overrideReason":{"reason":{"system":"%3$s","code":"done-elsewhere",
                    "display":"DXA or labs done elsewhere"},"userComment":"DXA at the county hospital in May"},
                   "outcomeTimestamp":"2026-06-01T10:16:00+02:00"}]}
                """.formatted(cardId, suggestionId, CardFactory.OVERRIDE_SYSTEM);

        assertThat(Cds.post(Cds.ORDER + "/feedback", body).statusCode()).isEqualTo(200);

        Response list = given().queryParam("card", cardId).get("/api/ops/cds-feedback");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode items = Cds.read(list).get("feedback");
        assertThat(items).hasSize(2);
        JsonNode overridden = items.get(0).get("outcome").asText().equals("overridden") ? items.get(0) : items.get(1);
        JsonNode accepted = overridden == items.get(0) ? items.get(1) : items.get(0);
        assertThat(accepted.get("acceptedSuggestions").get(0).asText()).isEqualTo(suggestionId);
        assertThat(accepted.get("outcomeTimestamp").asText()).isEqualTo("2026-06-01T10:15:00Z");
        assertThat(accepted.get("serviceId").asText()).isEqualTo(CdsServiceCatalog.ORDER_SERVICE);
        assertThat(overridden.at("/overrideReason/reason/code").asText()).isEqualTo("done-elsewhere");
        assertThat(overridden.at("/overrideReason/userComment").asText()).contains("county hospital");
        assertThat(overridden.get("outcomeTimestamp").asText()).isEqualTo("2026-06-01T08:16:00Z");
    }

    @Test
    void refusesMalformedFeedbackWith400() {
        String card = UUID.randomUUID().toString();
        assertThat(Cds.post(Cds.ORDER + "/feedback", "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"ignored\","
                + "\"outcomeTimestamp\":\"2026-06-01T10:15:00Z\"}]}").statusCode()).isEqualTo(400);
        assertThat(Cds.post(Cds.ORDER + "/feedback", "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"accepted\"}]}")
                .statusCode()).isEqualTo(400);
        assertThat(Cds.post(Cds.ORDER + "/feedback", "{}").statusCode()).isEqualTo(400);
        assertThat(Cds.post("/cds-services/nope/feedback", "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"accepted\","
                + "\"outcomeTimestamp\":\"2026-06-01T10:15:00Z\"}]}").statusCode()).isEqualTo(404);
        assertThat(given().queryParam("card", card).get("/api/ops/cds-feedback").then().extract().path("feedback.size()")
                .toString()).isEqualTo("0");
    }

    @Test
    void opsErrorsAreProblemJson() {
        Response r = given().queryParam("limit", "lots").get("/api/ops/cds-feedback");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(400);
        // the one problem shape of the whole ops API
        assertThat(r.jsonPath().getString("type")).isEqualTo("https://bone-monitor.org/problems/invalid-request");
        assertThat(r.jsonPath().getString("title")).isEqualTo("Invalid request");
        assertThat(r.jsonPath().getString("instance")).isEqualTo("/api/ops/cds-feedback");
        assertThat(r.jsonPath().getString("detail")).contains("limit");
        assertThat(given().queryParam("limit", "0").get("/api/ops/cds-feedback").statusCode()).isEqualTo(400);
    }
}

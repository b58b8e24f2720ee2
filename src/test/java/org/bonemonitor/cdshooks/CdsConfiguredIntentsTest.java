package org.bonemonitor.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A card's suggested CarePlan and ServiceRequests are built by the one configured plan factory, so
 * they carry the configured intents like stored plans do (they used {@code proposal} whatever the
 * configuration said).
 */
@QuarkusTest
@TestProfile(CdsConfiguredIntentsTest.PlanAndOrder.class)
class CdsConfiguredIntentsTest {

    public static class PlanAndOrder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bone-monitor.plan.care-plan-intent", "plan", "bone-monitor.plan.service-request-intent", "order");
        }
    }

    @Test
    void suggestionsCarryTheConfiguredIntents() {
        JsonNode response = Cds.assertValidCdsResponse(Cds.post(Cds.ORDER, Cds.fixture("s14-order-sign.json")));
        JsonNode actions = response.at("/cards/0/suggestions/0/actions");

        assertThat(actions.get(0).at("/resource/resourceType").asText()).isEqualTo("CarePlan");
        assertThat(actions.get(0).at("/resource/intent").asText()).isEqualTo("plan");
        assertThat(actions.size()).isGreaterThan(1);
        for (int i = 1; i < actions.size(); i++) {
            assertThat(actions.get(i).at("/resource/resourceType").asText()).isEqualTo("ServiceRequest");
            assertThat(actions.get(i).at("/resource/intent").asText()).isEqualTo("order");
        }
    }
}

package org.bonemonitor.writeback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dead letters and the operations hooks: {@code GET /api/ops/deliveries}, {@code POST …/{id}/retry}. */
@QuarkusTest
@TestProfile(WritebackProfiles.SmartRs384.class)
class DeliveryOperationsTest extends WritebackTestBase {

    @Test
    void aRefusalEndsDeadWithTheOutcomeVisibleAndARetryAfterTheFixDeliversIt() {
        // the EHR does not know the patient yet
        String patient = unknownPatientId();
        String key = "plan-" + patient;
        enqueue(patient, Plans.newPlan(patient, key, 1));
        enqueue(patient, List.of(Plans.carePlan(patient, key, 2, "revision 2")));

        relay.runOnce();

        List<OutboxEntry> rows = rowsOf(patient);
        assertThat(rows.get(0).status).isEqualTo(OutboxEntry.Status.DEAD);
        assertThat(rows.get(0).attempts).isEqualTo(1);
        assertThat(rows.get(1).status).as("the revision waits behind its dead predecessor")
                .isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(ehr.transactionRequests()).hasSize(1);
        long deadId = rows.get(0).id;
        given().get("/api/ops/deliveries?status=dead").then().statusCode(200)
                .body("status", equalTo("dead"))
                .body("total", equalTo(1))
                .body("items[0].id", equalTo((int) deadId))
                .body("items[0].lastStatus", equalTo(400))
                .body("items[0].lastError", containsString("HAPI-1094"))
                .body("items[0].outcome.resourceType", equalTo("OperationOutcome"))
                .body("items[0].outcome.issue[0].diagnostics", equalTo("HAPI-1094: Resource Patient/" + patient
                        + " not found, specified in path: CarePlan.subject"));
        given().get("/api/ops/deliveries?status=pending").then().statusCode(200)
                .body("items.id", hasSize(1));

        ehr.registerPatient(patient);
        given().post("/api/ops/deliveries/" + deadId + "/retry").then().statusCode(200)
                .body("status", equalTo("pending"))
                .body("attempts", equalTo(0));
        deliverAll();

        assertThat(rowsOf(patient)).extracting(r -> r.status)
                .containsExactly(OutboxEntry.Status.SENT, OutboxEntry.Status.SENT);
        assertThat(ehr.countWithIdentifier("CarePlan", key)).isEqualTo(1);
        // the audit trail an auditor reads: each attempt with the EHR's answer, newest first
        List<String> attempts = given().accept("application/fhir+json").get("/fhir/AuditEvent?patient=" + patient).then().statusCode(200)
                .extract().jsonPath().getList("entry.resource.findAll { it.source.site == 'bone-monitor writeback' }"
                        + ".collect { it.outcome + ' ' + (it.outcomeDesc ?: '') }");
        assertThat(attempts).containsExactly("0 ", "0 ", "4 HTTP 400");
        given().get("/api/ops/deliveries?status=sent").then().statusCode(200)
                .body("items.find { it.id == " + deadId + " }.ehrLocations", hasSize(2));
        given().get("/api/ops/deliveries?status=dead").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void discardingADeadDeliveryUnblocksThePatientsLaterDeliveries() {
        // the EHR does not know the patient yet
        String patient = unknownPatientId();
        String key = "plan-" + patient;
        enqueue(patient, Plans.newPlan(patient, key, 1));
        enqueue(patient, List.of(Plans.carePlan(patient, key, 2, "revision 2")));
        relay.runOnce();
        List<OutboxEntry> rows = rowsOf(patient);
        long deadId = rows.get(0).id;
        long revisionId = rows.get(1).id;
        given().contentType("application/json").body("{}").post("/api/ops/deliveries/" + revisionId + "/discard").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("delivery " + revisionId + " is pending; only a dead delivery can be discarded"));

        ehr.registerPatient(patient);
        given().contentType("application/json").body("{\"reason\":\"superseded by the revision\"}")
                .post("/api/ops/deliveries/" + deadId + "/discard").then().statusCode(200)
                .body("status", equalTo("discarded"))
                .body("discardReason", equalTo("superseded by the revision"))
                .body("discardedAt", not(equalTo(null)));
        deliverAll();

        assertThat(rowsOf(patient)).extracting(r -> r.status)
                .containsExactly(OutboxEntry.Status.DISCARDED, OutboxEntry.Status.SENT);
        assertThat(ehr.transactionRequests()).as("the dead row is not sent again").hasSize(2);
        given().get("/api/ops/deliveries?status=discarded").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo((int) deadId));
        given().contentType("application/json").body("{}").post("/api/ops/deliveries/" + deadId + "/discard").then()
                .statusCode(409).contentType("application/problem+json");
        given().contentType("application/json").body("{}").post("/api/ops/deliveries/987654321/discard").then()
                .statusCode(404).contentType("application/problem+json")
                .body("correlationId", not(equalTo(null)));
    }

    @Test
    void listingIsPaged() {
        for (int i = 0; i < 5; i++) {
            String patient = newPatientId();
            enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        }
        given().get("/api/ops/deliveries?status=pending&page=1&size=2").then().statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(5))
                .body("items", hasSize(2));
        given().get("/api/ops/deliveries?size=10").then().statusCode(200).body("total", equalTo(5));
    }

    @Test
    void errorsAreProblemDetailsWithoutInternals() {
        given().get("/api/ops/deliveries?status=lost").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"))
                .body("detail", containsString("pending, sent, dead"))
                .body(not(containsString("Exception")));
        given().get("/api/ops/deliveries?size=100000").then().statusCode(400)
                .contentType("application/problem+json");
        given().post("/api/ops/deliveries/987654321/retry").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bone-monitor.org/problems/delivery-not-found"))
                .body("instance", equalTo("/api/ops/deliveries/987654321/retry"));
        given().post("/api/ops/deliveries/abc/retry").then().statusCode(404)
                .contentType("application/problem+json");

        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        relay.runOnce();
        given().post("/api/ops/deliveries/" + onlyRowOf(patient).id + "/retry").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already sent"));
    }

    @Test
    void metricsCountPendingSentAndDead() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        String stuck = unknownPatientId();
        enqueue(stuck, Plans.newPlan(stuck, "plan-" + stuck, 1));
        relay.runOnce();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("bonemonitor_writeback_outbox_rows{status=\"dead\"} 1.0");
        assertThat(metrics).contains("bonemonitor_writeback_outbox_rows{status=\"pending\"} 0.0");
        assertThat(metrics).containsPattern("bonemonitor_writeback_deliveries_total\\{outcome=\"sent\"\\} [1-9]");
        assertThat(metrics).containsPattern("bonemonitor_writeback_delivery_latency_seconds_count [1-9]");
    }
}

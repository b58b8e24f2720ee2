package org.bonemonitor.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.bonemonitor.careplan.PlanQueue;
import org.bonemonitor.careplan.PlanWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ops read model over posted scenario fixtures: summary, worklists, re-evaluation over time, re-assessment jobs. */
@QuarkusTest
@TestProfile(OpsTestProfile.class)
class OpsCohortTest {

    static final List<String> FIXTURES = List.of("s01-anastrozole-new-start-no-dxa", "s02-letrozole-order-osteopenia-three-risk-factors",
            "s03-exemestane-osteoporosis", "s04-anastrozole-ongoing-normal-stable-bmd", "s08-tamoxifen-only",
            "s09-anastrozole-denosumab-overdue", "s11-letrozole-completed-post-therapy", "s17-anastrozole-xgeva-out-of-scope");

    @Inject
    PlanWorker worker;
    @Inject
    PlanQueue queue;
    @Inject
    Reevaluation reevaluation;
    @Inject
    MovableClinicalClock clock;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OpsMetrics metrics;

    @BeforeEach
    void postFixtures() throws IOException, SQLException {
        // the read model holds what other test classes planned too: this class counts only its own patients
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM ops_patient");
        }
        OpsTestData.postAndAssess(FIXTURES, worker, queue);
    }

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void metricsCountIngestPlansRecommendationsCdsCallsAndTheQueueWithoutPatientIds() {
        given().contentType("application/json").body("{}").post("/cds-services/aromatase-inhibitor-bone-health").then().statusCode(401);
        metrics.refresh();
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(text).containsPattern("bonemonitor_ingest_bundles_total\\{type=\"transaction\"\\} [1-9]");
        assertThat(text).containsPattern("bonemonitor_ingest_resources_total [1-9]");
        assertThat(text).containsPattern("bonemonitor_plans_total\\{change=\"created\"\\} [1-9]");
        assertThat(text).containsPattern("bonemonitor_recommendations_total\\{code=\"dxa-baseline\"\\} [1-9]");
        assertThat(text).containsPattern("bonemonitor_assessments_total\\{outcome=\"plan\"\\} [1-9]");
        assertThat(text).contains("bonemonitor_plan_queue_depth 0.0", "bonemonitor_plan_queue_oldest_age_seconds");
        assertThat(text).containsPattern("bonemonitor_cohort_patients\\{worklist=\"overdue\"\\} [1-9]");
        assertThat(text).contains("bonemonitor_reevaluation_stale_patients 0.0");
        assertThat(text).containsPattern(
                "bonemonitor_cds_requests_seconds_count\\{hook=\"order-sign\",outcome=\"unauthorized\",service=\"aromatase-inhibitor-bone-health\"\\} [1-9]");
        assertThat(text).contains("bonemonitor_cds_requests_seconds_bucket");
        assertThat(text).containsPattern("bonemonitor_cds_jwt_rejections_total\\{reason=\"no-token\"\\} [1-9]");
        assertThat(text.lines().filter(l -> l.startsWith("bonemonitor_")))
                .as("no patient id in a label").noneMatch(l -> l.matches(".*\"s\\d\\d\".*"));
    }

    @Test
    void theSummaryAndEachWorklistMatchThePostedFixtures() {
        JsonPath s = given().get("/api/ops/summary?window=30d").then().statusCode(200).extract().jsonPath();
        assertThat(s.getString("asOf")).isEqualTo("2026-06-01");
        // S08 (tamoxifen only) and S17 (Xgeva, out of scope) have no plan; S11's episode has ended
        assertThat(s.getInt("patients.assessed")).isEqualTo(8);
        assertThat(s.getInt("patients.planned")).isEqualTo(6);
        assertThat(s.getInt("patients.activeEpisode")).isEqualTo(5);
        assertThat(s.getMap("outcomes")).containsEntry("plan", 6).containsEntry("no_ai_therapy", 1).containsEntry("out_of_scope", 1);
        assertThat(s.getMap("plansByStatus")).containsEntry("active", 6);
        assertThat(s.getInt("noBaselineDxa")).as("S01").isEqualTo(1);
        assertThat(s.getInt("antiresorptiveIndicatedNotOnOne")).as("S02, S03").isEqualTo(2);
        assertThat(s.getInt("reviewPrompts.denosumab-transition")).as("S09").isEqualTo(1);
        assertThat(s.getInt("requests.overdue")).as("S01's baseline DXA").isEqualTo(1);
        assertThat(s.getMap("dxaDueByMonth")).hasSize(12).containsEntry("2026-06", 1).containsEntry("2027-02", 2)
                .containsEntry("2027-04", 2);
        assertThat(s.getMap("dataGaps")).containsEntry("DXA", 1);

        assertThat(worklist("overdue")).containsExactly("s01");
        assertThat(worklist("no-baseline")).containsExactly("s01");
        assertThat(worklist("antiresorptive-indicated")).containsExactlyInAnyOrder("s02", "s03");
        assertThat(worklist("review")).containsExactly("s09");
        assertThat(worklist("due-soon")).containsExactlyInAnyOrder("s02", "s03", "s09");
        assertThat(worklist("all")).containsExactlyInAnyOrder("s01", "s02", "s03", "s04", "s09", "s11");

        JsonPath all = given().get("/api/ops/patients?status=all&sort=-due").then().statusCode(200).extract().jsonPath();
        assertThat(all.getString("items[0].patientId")).as("latest next due first").isEqualTo("s04");
        assertThat(all.getString("items[0].name")).as("family name first, as worklists sort").isEqualTo("Nowak, Anna");
        assertThat(all.getString("items[0].aiDrug")).isEqualTo("anastrozole");
        assertThat(all.getString("items[0].episodeStart")).isEqualTo("2025-04-27");
        assertThat(all.getString("items[0].category")).isEqualTo("normal");
        JsonPath paged = given().get("/api/ops/patients?status=all&sort=name&page=1&size=2").then().statusCode(200).extract().jsonPath();
        assertThat(paged.getInt("total")).isEqualTo(6);
        assertThat(paged.getList("items.name")).containsExactly("Nowak, Anna", "Rossi, Lucia");

        JsonPath s04 = given().get("/api/ops/patients/s04").then().statusCode(200).extract().jsonPath();
        assertThat(s04.getString("assessment.assessedOn")).isEqualTo("2026-06-01");
        assertThat(s04.getList("tScoreTrend.date")).containsExactly("2025-03-28", "2026-04-27");
        assertThat(s04.getList("tScoreTrend.tScore", Float.class)).containsExactly(-0.5f, -0.8f);
        assertThat(s04.getList("aromataseInhibitorEvidence.drug")).containsExactly("anastrozole");
        assertThat(s04.getList("planVersions.version")).as("other tests of this class may revise it later").startsWith(1);
        assertThat(s04.getList("labs.kind")).contains("vitamin_d", "calcium");
    }

    private static List<String> worklist(String status) {
        return given().get("/api/ops/patients?status=" + status + "&size=200").then().statusCode(200).extract().jsonPath()
                .getList("items.patientId");
    }

    @Test
    void aDueDatePassingWithNoNewDataMovesThePatientToOverdueAfterTheScheduledReevaluation() {
        given().get("/api/ops/patients?status=overdue&size=200").then().statusCode(200)
                .body("items.patientId", not(hasItem("s04")));
        JsonPath before = given().get("/api/ops/patients?status=all&size=200").then().statusCode(200).extract().jsonPath();
        assertThat(before.getString("items.find { it.patientId == 's04' }.nextCode")).isEqualTo("dxa-followup");
        assertThat(before.getString("items.find { it.patientId == 's04' }.nextDue")).isEqualTo("2028-04-27");

        clock.moveTo(LocalDate.parse("2028-05-10"));
        given().get("/api/ops/patients?status=overdue&size=200").then().statusCode(200)
                .body("items.patientId", not(hasItem("s04")));
        assertThat(reevaluation.run()).as("every planned fixture patient was assessed before the new date").isGreaterThanOrEqualTo(5);
        for (int i = 0; i < 10 && queue.queuedAmong(List.of("s04"))[0] > 0; i++) {
            worker.drain();
        }

        JsonPath after = given().get("/api/ops/patients?status=overdue&size=200").then().statusCode(200).extract().jsonPath();
        assertThat(after.getList("items.patientId")).contains("s04");
        assertThat(after.getString("items.find { it.patientId == 's04' }.nextCode")).isEqualTo("dxa-followup");
        assertThat(after.getString("items.find { it.patientId == 's04' }.nextDue")).isEqualTo("2028-04-27");
        assertThat(after.getString("items.find { it.patientId == 's04' }.assessedOn")).isEqualTo("2028-05-10");
        assertThat(reevaluation.run()).as("nothing is stale any more on the same day").isZero();
    }

    @Test
    void reassessingEveryoneIsAJobWithProgress() {
        String location = given().post("/api/ops/reassess").then().statusCode(202)
                .body("status", equalTo("running")).extract().header("Location");
        JsonPath queued = given().get(location).then().statusCode(200).extract().jsonPath();
        assertThat(queued.getInt("total")).isGreaterThanOrEqualTo(FIXTURES.size());
        assertThat(queued.getInt("queued")).isEqualTo(queued.getInt("total"));
        for (int i = 0; i < 10 && given().get(location).then().extract().jsonPath().getInt("queued") > 0; i++) {
            worker.drain();
        }
        JsonPath done = given().get(location).then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getInt("queued")).isZero();
        assertThat(done.getInt("assessed")).isEqualTo(done.getInt("total"));
    }

    @Test
    void errorsOfTheOpsApiAreProblemDetailsInOneShape() {
        given().get("/api/ops/patients?status=lost").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://bone-monitor.org/problems/invalid-request"))
                .body("title", equalTo("Invalid request")).body("status", equalTo(400))
                .body("instance", equalTo("/api/ops/patients")).body("correlationId", not(equalTo(null)));
        given().get("/api/ops/summary?window=0d").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/ops/patients?sort=age").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/ops/patients/nobody").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://bone-monitor.org/problems/patient-not-found"));
        given().post("/api/ops/patients/s01/reassess").then().statusCode(202).body("status", equalTo("queued"));
        given().post("/api/ops/patients/nobody/reassess").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/ops/reassess/99999999").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/ops/no-such-thing").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://bone-monitor.org/problems/http-404")).body("correlationId", not(equalTo(null)));
        given().header("Sec-Fetch-Site", "cross-site").post("/ops/deliveries/1/retry").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("https://bone-monitor.org/problems/cross-site-request"));
        given().get("/api/ops/cds-feedback?limit=0").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://bone-monitor.org/problems/invalid-request"))
                .body("instance", equalTo("/api/ops/cds-feedback"));
    }
}

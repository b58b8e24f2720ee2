package org.bonemonitor.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bonemonitor.careplan.PlanQueue;
import org.bonemonitor.careplan.PlanWorker;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (Debian's headless chromium driven by playwright-core, see
 * {@code src/test/browser/}; {@code .ci/run} installs both): the figures on the page equal the
 * API's, a click on Retry re-queues a dead delivery, and the layout fits 1280×800 and a phone.
 * Screenshots stay in {@code target/screenshots/}.
 */
@QuarkusTest
@TestProfile(OpsTestProfile.class)
class DashboardBrowserTest {

    static final Path BROWSER_DIR = Path.of("src/test/browser");
    static final Path SHOTS = Path.of("target/screenshots");
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    @Inject
    PlanWorker worker;
    @Inject
    PlanQueue queue;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theFiguresEqualTheApisAndRetryReQueuesADeadDelivery() throws Exception {
        OpsTestData.postAndAssess(List.of("s01-anastrozole-new-start-no-dxa", "s03-exemestane-osteoporosis",
                "s04-anastrozole-ongoing-normal-stable-bmd", "s09-anastrozole-denosumab-overdue"), worker, queue);
        long dead = deadDelivery("s01");
        JsonPath summary = given().get("/api/ops/summary").then().statusCode(200).extract().jsonPath();

        JsonNode page = drive(dead, "s01");

        Map<String, Integer> worklists = summary.getMap("worklists");
        assertThat(page.get("tiles").get("activeEpisode").asLong()).isEqualTo(summary.getLong("patients.activeEpisode"));
        for (String list : List.of("overdue", "due-soon", "no-baseline", "antiresorptive-indicated")) {
            assertThat(page.get("tiles").get(list).asLong()).as(list).isEqualTo(worklists.get(list).longValue());
        }
        Map<String, Integer> prompts = summary.getMap("reviewPrompts");
        assertThat(page.get("tiles").get("review").asLong()).isEqualTo(prompts.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(page.get("tiles").get("dead").asLong()).isEqualTo(summary.getLong("outbox.dead")).isPositive();
        Map<String, Integer> months = summary.getMap("dxaDueByMonth");
        assertThat(page.get("bars")).hasSize(12);
        for (JsonNode bar : page.get("bars")) {
            assertThat(bar.get("count").asInt()).as(bar.get("month").asText()).isEqualTo(months.get(bar.get("month").asText()));
        }
        assertThat(page.get("overdueRows").toString()).contains("\"s01\"");

        assertThat(page.get("notice").asText()).isEqualTo("Delivery " + dead + " queued again");
        assertThat(page.get("deadAfterRetry").toString()).doesNotContain("\"" + dead + "\"");
        assertThat(page.get("pendingAfterRetry").toString()).contains("\"" + dead + "\"");
        given().get("/api/ops/deliveries?status=pending&size=200").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem((int) dead));

        assertThat(page.get("patientUrl").asText()).endsWith("/ops/patients/s01");
        assertThat(page.get("assessedOn").asText()).isEqualTo("2026-06-01");
        assertThat(page.get("desktopOverflow").asBoolean()).as("no sideways scrolling at 1280x800").isFalse();
        assertThat(page.get("phoneOverflow").asBoolean()).as("no sideways scrolling on a phone").isFalse();
        assertThat(page.get("phonePatientOverflow").asBoolean()).isFalse();
        for (String shot : List.of("dashboard-1280x800.png", "dashboard-after-retry.png", "dashboard-phone-full.png",
                "patient-1280-full.png", "patient-phone-full.png")) {
            assertThat(SHOTS.resolve(shot)).isNotEmptyFile();
        }
    }

    /** A delivery the EHR refused for good, as the relay leaves it (write-back is off in this profile, so it stays put). */
    private long deadDelivery(String patientId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox_entry (patient_id, status, resources, payload, created_at, attempts, next_attempt_at, "
                        + "last_attempt_at, last_status, last_error) VALUES (?, 'DEAD', 'CarePlan/bm-x/_history/1', '{}', now(), 1, now(), "
                        + "now(), 422, 'Unknown patient reference') RETURNING id")) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static JsonNode drive(long deadId, String patientId) throws IOException, InterruptedException {
        assertThat(Path.of(CHROMIUM)).as("Debian's chromium is needed (apt-get install chromium; .ci/run installs it)").exists();
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            // the exact version pinned in package.json; no browser download (the system's chromium is used)
            run(List.of("npm", "install", "--no-package-lock", "--no-audit", "--no-fund"), 300);
        }
        Files.createDirectories(SHOTS);
        String out = run(List.of("node", "dashboard.mjs", "http://localhost:" + RestAssured.port, SHOTS.toAbsolutePath().toString(),
                String.valueOf(deadId), patientId), 120);
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out));
        return new ObjectMapper().readTree(json);
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(BROWSER_DIR.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError(command + " timed out: " + output);
        }
        assertThat(p.exitValue()).as("%s failed:%n%s", command, output).isZero();
        return output;
    }
}

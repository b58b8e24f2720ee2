package org.bonemonitor.bulk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bonemonitor.careplan.PlanWorker;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Population back-fill against a strict Bulk Data server on loopback (kick-off, status with
 * Retry-After, token-protected NDJSON files, SMART token endpoint), driven through the ops API.
 */
@QuarkusTest
@TestProfile(BulkTestProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkImportTest {

    static final String FHIR_JSON = "application/fhir+json";

    FakeBulkServer bulk;
    @Inject
    BulkImportService imports;
    @Inject
    BulkImportRepository repository;
    @Inject
    PlanWorker planner;

    @BeforeEach
    void reset() {
        bulk.reset();
    }

    /** The database outlives this profile: leave no queued patient for the next test class to plan. */
    @AfterEach
    void drainPlans() {
        planner.drain();
    }

    @Test
    @Order(1)
    void aFullExportIsImportedAndEveryPatientOnAnAromataseInhibitorIsPlanned() {
        List<Bundle> bundles = Exports.scenarioFixtures().stream().map(Exports::bundle).toList();
        List<String> expectPlan = patientsTheStatelessPlanCovers();
        Map<String, List<String>> files = Exports.ndjson(bundles, "bk1-");
        files.forEach(bulk::offer);
        Map<String, List<String>> synthea = Exports.syntheaSample();
        synthea.forEach((type, lines) -> bulk.offer(type + ".synthea", lines));
        long lines = files.values().stream().mapToLong(List::size).sum() + synthea.values().stream().mapToLong(List::size).sum();
        bulk.pollsBeforeReady(2);

        Response started = given().accept("application/json").when().post("/api/ops/bulk-imports");
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
        long id = started.jsonPath().getLong("id");
        assertThat(started.getHeader("Location")).endsWith("/api/ops/bulk-imports/" + id);

        JsonPath job = runUntilFinished(id);
        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getLong("resources")).isEqualTo(lines);
        assertThat(job.getLong("failedLines")).isZero();
        assertThat(job.getList("files")).hasSize(files.size() + synthea.size());
        assertThat(job.getString("transactionTime")).isEqualTo("2026-05-31T22:00:00Z");

        // kick-off: the configured types, NDJSON, no _since on the first run; a SMART token on every call
        List<FakeBulkServer.Seen> kickOffs = bulk.requests("GET", "/fhir/Patient/$export");
        assertThat(kickOffs).hasSize(1);
        Map<String, String> query = FakeBulkServer.query(kickOffs.get(0).query());
        assertThat(query).doesNotContainKey("_since");
        assertThat(query.get("_type")).contains("Patient", "MedicationRequest", "MedicationStatement", "Observation", "Condition");
        assertThat(bulk.requests().stream().filter(r -> !r.path().equals("/auth/token")))
                .allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer bulk-"));
        // two 202s with Retry-After: 1, honoured, then the manifest
        List<FakeBulkServer.Seen> polls = bulk.requests("GET", "/status/");
        assertThat(polls).hasSize(3);
        for (int i = 1; i < polls.size(); i++) {
            assertThat(Duration.between(polls.get(i - 1).at(), polls.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        // done: the export is deleted at the server
        assertThat(bulk.requests("DELETE", "/status/")).hasSize(1);

        // the records went through the normal ingest path: readable, and planned
        for (String patient : Exports.patientIds(bundles)) {
            given().accept(FHIR_JSON).when().get("/fhir/Patient/" + patient).then().statusCode(200);
        }
        planner.drain();
        assertThat(expectPlan).hasSizeGreaterThanOrEqualTo(10);
        for (String scenarioPatient : expectPlan) {
            assertThat(carePlans("bk1-" + scenarioPatient)).as("CarePlan of bk1-" + scenarioPatient)
                    .anySatisfy(p -> assertThat(p.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE));
        }
        // the Synthea woman (stopped letrozole order without an end, §6 D4): active, unconfirmed, planned
        // through the stored path and the stateless operation alike
        Response stateless = given().contentType(FHIR_JSON).accept(FHIR_JSON).body(Exports.collection(synthea))
                .when().post("/fhir/Patient/$bone-health-plan");
        assertThat(stateless.statusCode()).as(stateless.asString()).isEqualTo(200);
        assertThat(Exports.CTX.newJsonParser().parseResource(stateless.asString())).isInstanceOfSatisfying(Bundle.class,
                plan -> assertThat(plan.getEntry()).anySatisfy(e -> assertThat(e.getResource()).isInstanceOfSatisfying(CarePlan.class,
                        cp -> assertThat(cp.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE))));
        assertThat(carePlans(SYNTHEA_PATIENT)).anySatisfy(p -> assertThat(p.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE));
    }

    static final String SYNTHEA_PATIENT = "7683e727-0850-78d2-1106-ff0850b047ca";

    @Test
    @Order(2)
    void theNextRunAsksOnlyForChangesSinceThePreviousTransactionTime() {
        Instant previous = QuarkusTransaction.requiringNew().call(() -> repository.lastTransactionTime().orElseThrow());
        bulk.transactionTime("2026-06-01T22:00:00.000Z");
        bulk.offer("Observation", List.of(observation("bk2-obs-1", "bk1-s01", "2026-06-01")));

        long id = given().when().post("/api/ops/bulk-imports").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath job = runUntilFinished(id);

        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getString("since")).isEqualTo(previous.toString());
        assertThat(FakeBulkServer.query(bulk.requests("GET", "/fhir/Patient/$export").get(0).query()).get("_since"))
                .isEqualTo(previous.toString());
        assertThat(job.getLong("resources")).isEqualTo(1);
        given().accept(FHIR_JSON).when().get("/fhir/Observation/bk2-obs-1").then().statusCode(200);
    }

    @Test
    @Order(3)
    void a429AndA500AndABrokenDownloadAreSurvivedWithoutDuplicates() {
        List<String> lines = IntStream.rangeClosed(1, 20).mapToObj(i -> observation("bk3-obs-" + i, "bk3-p", "2026-05-0" + (1 + i % 9)))
                .toList();
        bulk.offer("Patient", List.of(patient("bk3-p")));
        bulk.offer("Observation", lines);
        bulk.fault("Observation", new FakeBulkServer.Status(429, "1"), new FakeBulkServer.CutAfter(9),
                new FakeBulkServer.Status(500, null));

        long id = imports.startExport(BulkImport.StartedBy.OPERATOR).id();
        JsonPath job = runUntilFinished(id);

        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getLong("resources")).isEqualTo(21);
        Map<String, Object> file = job.<Map<String, Object>>getList("files").stream().filter(f -> f.get("type").equals("Observation"))
                .findFirst().orElseThrow();
        assertThat(file.get("status")).isEqualTo("done");
        assertThat(file.get("linesDone")).isEqualTo(20);
        assertThat(file.get("attempts")).isEqualTo(3);
        List<FakeBulkServer.Seen> downloads = bulk.requests("GET", "/files/Observation");
        assertThat(downloads).hasSize(4);
        // Retry-After: 1 of the 429 wins over the 200 ms backoff
        assertThat(Duration.between(downloads.get(0).at(), downloads.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        // every resource once, version 1: the lines before the cut were not ingested again
        for (int i = 1; i <= 20; i++) {
            given().accept(FHIR_JSON).when().get("/fhir/Observation/bk3-obs-" + i).then().statusCode(200)
                    .header("ETag", "W/\"1\"");
        }
    }

    @Test
    @Order(4)
    void aJobLeftMidFileByACrashedReplicaResumesAfterTheLastCommittedLine() {
        List<String> lines = IntStream.rangeClosed(1, 12).mapToObj(i -> observation("bk4-obs-" + i, "bk4-p", "2026-05-10")).toList();
        bulk.offer("Observation", lines);
        Instant now = Instant.now();
        // what a replica that died after committing 5 lines leaves behind: lease run out, file at line 5
        long id = QuarkusTransaction.requiringNew().call(() -> {
            BulkImport job = new BulkImport();
            job.kind = BulkImport.Kind.MANIFEST;
            job.startedBy = BulkImport.StartedBy.PUSH;
            job.status = BulkImport.Status.IMPORTING;
            job.requestUrl = bulk.manifestUrl();
            job.createdAt = now.minusSeconds(600);
            job.exportedAt = now.minusSeconds(590);
            job.transactionTime = now.minusSeconds(600);
            job.nextStepAt = now.minusSeconds(580);
            job.leasedUntil = now.minusSeconds(1);
            repository.persist(job);
            BulkImportFile file = new BulkImportFile();
            file.importId = job.id;
            file.kind = BulkImportFile.Kind.OUTPUT;
            file.type = "Observation";
            file.url = bulk.manifestUrl().replace("manifest.json", "open-files/Observation.ndjson");
            file.status = BulkImportFile.Status.PENDING;
            file.linesDone = 5;
            file.resources = 5;
            file.nextAttemptAt = now.minusSeconds(580);
            repository.persist(file);
            return job.id;
        });

        JsonPath job = runUntilFinished(id);

        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getLong("resources")).isEqualTo(12);
        for (int i = 1; i <= 5; i++) {
            // committed "before the crash" in this staged state, so never ingested by the resumed run
            given().accept(FHIR_JSON).when().get("/fhir/Observation/bk4-obs-" + i).then().statusCode(404);
        }
        for (int i = 6; i <= 12; i++) {
            given().accept(FHIR_JSON).when().get("/fhir/Observation/bk4-obs-" + i).then().statusCode(200);
        }
        // a manifest pushed to us lives on open storage: no token is sent there
        assertThat(bulk.requests("GET", "/open-files/")).allSatisfy(r -> assertThat(r.authorization()).isNull());
    }

    @Test
    @Order(5)
    void aJobHeldByALiveReplicaIsLeftAlone() {
        Instant now = Instant.now();
        long id = QuarkusTransaction.requiringNew().call(() -> {
            BulkImport job = new BulkImport();
            job.kind = BulkImport.Kind.MANIFEST;
            job.startedBy = BulkImport.StartedBy.PUSH;
            job.status = BulkImport.Status.KICKOFF;
            job.requestUrl = bulk.manifestUrl();
            job.createdAt = now;
            job.nextStepAt = now.minusSeconds(1);
            job.leasedUntil = now.plusSeconds(600);
            repository.persist(job);
            return job.id;
        });
        imports.runDue();
        assertThat(bulk.requests("GET", "/manifest.json")).isEmpty();
        assertThat(given().when().get("/api/ops/bulk-imports/" + id).jsonPath().getString("status")).isEqualTo("kickoff");
        QuarkusTransaction.requiringNew().run(() -> repository.find(id).ifPresent(j -> j.status = BulkImport.Status.FAILED));
    }

    @Test
    @Order(6)
    void malformedLinesAndTheExportsErrorFileAreReportedAndTheRestIngested() {
        bulk.offer("Observation", List.of(
                observation("bk6-obs-1", "bk6-p", "2026-05-01"),
                "{not json",
                "{\"resourceType\":\"Observation\",\"id\":\"bk6-obs-3\",\"status\":\"finished-ish\",\"code\":{\"text\":\"x\"}}",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"no id\"}}",
                "",
                observation("bk6-obs-6", "bk6-p", "2026-05-02")));
        bulk.offerErrors("OperationOutcome", List.of("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"processing\",\"diagnostics\":\"Condition/c-77 could not be exported\"}]}"));

        long id = imports.startExport(BulkImport.StartedBy.OPERATOR).id();
        JsonPath job = runUntilFinished(id);

        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getLong("resources")).isEqualTo(2);
        assertThat(job.getLong("failedLines")).isEqualTo(3);
        List<Map<String, Object>> issues = job.getList("issues");
        assertThat(issues).extracting(i -> i.get("line")).contains(2, 3, 4);
        assertThat(issues).anySatisfy(i -> {
            assertThat(i.get("line")).isEqualTo(2);
            assertThat((String) i.get("message")).contains("not valid JSON");
        });
        assertThat(issues).anySatisfy(i -> {
            assertThat(i.get("line")).isEqualTo(4);
            assertThat((String) i.get("message")).contains("needs an id");
        });
        assertThat(issues).anySatisfy(i -> {
            assertThat(i.get("severity")).isEqualTo("export");
            assertThat((String) i.get("message")).contains("Condition/c-77 could not be exported");
        });
        given().accept(FHIR_JSON).when().get("/fhir/Observation/bk6-obs-1").then().statusCode(200);
        given().accept(FHIR_JSON).when().get("/fhir/Observation/bk6-obs-6").then().statusCode(200);
        given().accept(FHIR_JSON).when().get("/fhir/Observation/bk6-obs-3").then().statusCode(404);
    }

    @Test
    @Order(7)
    void opsEndpointsListShowRefuseAndAnswerProblemDetails() {
        given().when().get("/api/ops/bulk-imports").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(4))
                .body("[0].files", org.hamcrest.Matchers.nullValue());
        given().when().get("/api/ops/bulk-imports/987654").then().statusCode(404)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("987654"));
        given().when().get("/api/ops/bulk-imports/abc").then().statusCode(404);
        given().when().get("/api/ops/bulk-imports?limit=0").then().statusCode(400).contentType("application/problem+json");

        bulk.offer("Patient", List.of(patient("bk7-p")));
        bulk.pollsBeforeReady(50);
        long id = given().when().post("/api/ops/bulk-imports").then().statusCode(202).extract().jsonPath().getLong("id");
        imports.runDue();
        given().when().post("/api/ops/bulk-imports").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString(String.valueOf(id)));
        given().when().get("/api/ops/bulk-imports/" + id).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("exporting"))
                .body("progress", org.hamcrest.Matchers.containsString("poll(s) to go"));
        QuarkusTransaction.requiringNew().run(() -> repository.find(id).ifPresent(j -> j.status = BulkImport.Status.FAILED));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("bonemonitor_bulk_resources_total"));
    }

    // ------------------------------------------------------------------ helpers

    private JsonPath runUntilFinished(long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            imports.runDue();
            JsonPath job = given().when().get("/api/ops/bulk-imports/" + id).then().statusCode(200).extract().jsonPath();
            if (List.of("completed", "failed").contains(job.getString("status"))) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("import " + id + " did not finish: " + given().when().get("/api/ops/bulk-imports/" + id).asString());
    }

    /** Scenario patient ids whose record, assessed statelessly, gets an active CarePlan. */
    private static List<String> patientsTheStatelessPlanCovers() {
        List<String> patients = new ArrayList<>();
        for (var file : Exports.scenarioFixtures()) {
            Bundle bundle = Exports.bundle(file);
            Response r = given().contentType(FHIR_JSON).accept(FHIR_JSON).body(Exports.CTX.newJsonParser().encodeResourceToString(bundle))
                    .when().post("/fhir/Patient/$bone-health-plan");
            if (r.statusCode() == 200 && r.asString().contains("\"resourceType\":\"Bundle\"")) {
                Bundle plan = (Bundle) Exports.CTX.newJsonParser().parseResource(r.asString());
                boolean active = plan.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                        .anyMatch(res -> res instanceof CarePlan cp && cp.getStatus() == CarePlan.CarePlanStatus.ACTIVE);
                if (active) {
                    patients.addAll(Exports.patientIds(List.of(bundle)));
                }
            }
        }
        return patients;
    }

    private static List<CarePlan> carePlans(String patient) {
        Bundle found = (Bundle) Exports.CTX.newJsonParser().parseResource(
                given().accept(FHIR_JSON).when().get("/fhir/CarePlan?patient=" + patient).then().statusCode(200).extract().asString());
        return found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(CarePlan.class::isInstance)
                .map(CarePlan.class::cast).toList();
    }

    static String patient(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\",\"birthDate\":\"1960-01-01\"}";
    }

    static String observation(String id, String patient, String date) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                + "\"http://loinc.org\",\"code\":\"39156-5\"}]},\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"effectiveDateTime\":\"" + date + "\",\"valueQuantity\":{\"value\":25,\"unit\":\"kg/m2\","
                + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg/m2\"}}";
    }
}

package org.bonemonitor.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bonemonitor.careplan.PlanQueue;
import org.bonemonitor.careplan.PlanWorker;

/** Posts scenario fixtures and has them assessed through the ops API and the plan worker, as a deployment would. */
final class OpsTestData {

    private OpsTestData() {
    }

    /** Fixture names like {@code s04-anastrozole-ongoing-normal-stable-bmd}; the patient id is the first three characters. */
    static void postAndAssess(List<String> fixtures, PlanWorker worker, PlanQueue queue) throws IOException {
        for (String fixture : fixtures) {
            given().contentType("application/fhir+json").body(Files.readString(Path.of("src/test/resources/fixtures/bundles",
                    fixture + ".json"))).post("/fhir").then().statusCode(200);
            // an unchanged re-post queues nothing: ask for the assessment through the API
            given().post("/api/ops/patients/" + fixture.substring(0, 3) + "/reassess").then().statusCode(202);
        }
        List<String> ids = fixtures.stream().map(f -> f.substring(0, 3)).toList();
        // a patient another test class left failing makes a drain stop early (it waits for its backoff): drain again
        for (int i = 0; i < 10 && queue.queuedAmong(ids)[0] > 0; i++) {
            worker.drain();
        }
        assertThat(queue.queuedAmong(ids)[0]).as("the fixture patients were planned").isZero();
    }
}

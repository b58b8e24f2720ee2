package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivered-per-second for a backlog of 1,000 plans (a CarePlan + 2 ServiceRequests each, one
 * transaction Bundle per plan) against the loopback EHR, SMART Backend Services auth. Not part of
 * the default run: {@code mvn -B -Pbenchmark test -Dtest=WritebackBenchmarkTest}. See docs/benchmarks.md.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(WritebackProfiles.SmartRs384.class)
class WritebackBenchmarkTest extends WritebackTestBase {

    private static final int PLANS = 1000;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "bone-monitor.writeback.workers")
    int workers;

    private static boolean warmedUp;

    /**
     * @param relayThreads threads calling {@link OutboxRelay#runOnce()}, each like one replica's scheduler;
     *                     each run delivers with {@code workers} (default 4) parallel deliveries
     */
    @ParameterizedTest(name = "{0} relay thread(s)")
    @ValueSource(ints = {1, 2})
    void drainsABacklogOfAThousandPlans(int relayThreads) throws Exception {
        // measures our relay, not the EHR's validator (referential integrity and identifiers stay checked)
        ehr.validating(false);
        if (!warmedUp) {
            // JIT, connection pools, the token: not part of the measurement
            for (int i = 0; i < 200; i++) {
                String patient = newPatientId();
                enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 2));
            }
            deliverAll();
            cleanSlate();
            ehr.validating(false);
            warmedUp = true;
        }
        List<String> patients = new ArrayList<>();
        long enqueueStart = System.nanoTime();
        for (int i = 0; i < PLANS; i++) {
            String patient = newPatientId();
            patients.add(patient);
            enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 2));
        }
        double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;

        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(relayThreads);
        try {
            List<Future<Integer>> relays = new ArrayList<>();
            for (int t = 0; t < relayThreads; t++) {
                relays.add(pool.submit(() -> {
                    int sent = 0;
                    while (true) {
                        OutboxRelay.Run run = relay.runOnce();
                        sent += run.sent();
                        if (run.attempted() == 0) {
                            return sent;
                        }
                    }
                }));
            }
            int sent = 0;
            for (Future<Integer> f : relays) {
                sent += f.get(10, TimeUnit.MINUTES);
            }
            assertThat(sent).isEqualTo(PLANS);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(ehr.count("CarePlan")).isEqualTo(PLANS);
        assertThat(ehr.count("ServiceRequest")).isEqualTo(2 * PLANS);
        assertThat(ehr.transactionRequests()).hasSize(PLANS);
        assertThat(QuarkusTransaction.requiringNew().call(() -> repository.count("status", OutboxEntry.Status.SENT)))
                .isEqualTo(PLANS);
        String line = String.format("write-back: %d plans, %d relay thread(s) x %d workers: %.1f s, %.0f delivered/s "
                + "(enqueue, one transaction per plan: %.0f plans/s)%n", PLANS, relayThreads, workers, seconds,
                PLANS / seconds, PLANS / enqueueSeconds);
        System.out.print(line);
        Path out = Path.of("target", "benchmarks", "writeback.txt");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the console line is enough
        }
    }
}

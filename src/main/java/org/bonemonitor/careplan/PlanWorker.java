package org.bonemonitor.careplan;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Drains {@link PlanQueue}: claims a batch of patients, re-plans each and commits, all in one
 * transaction. A failure rolls the batch back (the rows stay queued); the batch is then retried one
 * patient per transaction so one bad record delays only itself, and a patient that still fails is
 * put back with a backoff ({@code bone-monitor.plan.retry-backoff}). Nothing is lost: a row leaves
 * the queue only in the transaction that stores the patient's plan.
 */
@ApplicationScoped
public class PlanWorker {

    private static final Logger LOG = Logger.getLogger(PlanWorker.class);

    @Inject
    PlanQueue queue;
    @Inject
    PlanService plans;
    @Inject
    PlanConfig config;

    @Scheduled(every = "${bone-monitor.plan.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "plan-worker")
    void poll() {
        drain();
    }

    /** Re-plans every due queued patient; returns how many were planned. Tests call it directly. */
    public int drain() {
        int planned = 0;
        while (true) {
            int claimed;
            try {
                claimed = QuarkusTransaction.requiringNew().call(() -> planBatch(config.batchSize()));
                planned += claimed;
            } catch (RuntimeException e) {
                LOG.warnf("Plan batch failed (%s); retrying its patients one by one", e.getClass().getSimpleName());
                // once per drain: a patient that keeps failing waits for its backoff and the next poll
                return planned + oneByOne(config.batchSize())[0];
            }
            if (claimed == 0) {
                return planned;
            }
        }
    }

    private int planBatch(int size) {
        List<String> claimed = queue.claim(size);
        for (String patientId : claimed) {
            plans.replan(patientId);
        }
        return claimed.size();
    }

    /** Claims and plans one patient per transaction; a failing patient goes back with a backoff. */
    private int[] oneByOne(int size) {
        int done = 0;
        int attempted = 0;
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String[] current = new String[1];
            try {
                int n = QuarkusTransaction.requiringNew().call(() -> {
                    List<String> one = queue.claim(1, failed);
                    if (one.isEmpty()) {
                        return 0;
                    }
                    current[0] = one.get(0);
                    plans.replan(one.get(0));
                    return 1;
                });
                if (n == 0) {
                    break;
                }
                attempted++;
                done++;
            } catch (RuntimeException e) {
                if (current[0] == null) {
                    throw e;
                }
                failed.add(current[0]);
                attempted++;
                String error = e.getClass().getSimpleName();
                QuarkusTransaction.requiringNew().run(() -> queue.failed(current[0], error, config.retryBackoff().toSeconds()));
                LOG.warnf("Re-planning a patient failed (%s); it stays queued and is retried in %s", error, config.retryBackoff());
                LOG.debugf(e, "re-planning patient %s failed", current[0]);
            }
        }
        return new int[] {done, attempted};
    }
}

package org.bonemonitor.ops;

import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.bonemonitor.careplan.PlanConfig;
import org.bonemonitor.careplan.PlanQueue;
import org.bonemonitor.platform.ApiProblem;
import org.bonemonitor.platform.ClinicalClock;
import org.bonemonitor.record.ResourceStore;
import org.jboss.logging.Logger;

/**
 * Plans stay true with the passing of time: once per clinical day, every patient whose assessment
 * depends on elapsed time and was made before today is put on the durable plan queue, which the plan
 * workers of every replica drain ({@code FOR UPDATE SKIP LOCKED}). Two replicas running the schedule
 * queue the same patients once (the queue's primary key); a run queues at most
 * {@code bone-monitor.plan.reevaluate-max-per-run}, the longest unassessed first.
 */
@ApplicationScoped
public class Reevaluation {

    private static final Logger LOG = Logger.getLogger(Reevaluation.class);

    private final CohortRepository cohort;
    private final PlanQueue queue;
    private final ResourceStore store;
    private final ClinicalClock clock;
    private final PlanConfig config;
    private final OpsMetrics metrics;

    Reevaluation(CohortRepository cohort, PlanQueue queue, ResourceStore store, ClinicalClock clock, PlanConfig config,
            OpsMetrics metrics) {
        this.cohort = cohort;
        this.queue = queue;
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
    }

    /** A re-assessment job as the ops API shows it. */
    public record JobView(long id, String status, Instant requestedAt, int total, int assessed, int queued, int failing) {
    }

    @Scheduled(cron = "${bone-monitor.plan.reevaluate-cron:0 30 0 * * ?}", timeZone = "UTC", identity = "plan-reevaluation",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /** Queues the stale time-dependent patients (one bounded run); returns how many were queued. */
    public int run() {
        Timer.Sample sample = metrics.startRun();
        LocalDate today = clock.today();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> {
            List<String> stale = cohort.stale(today, config.reevaluateMaxPerRun());
            queue.enqueue(stale);
            return stale;
        });
        metrics.runDone(sample, due.size());
        LOG.infof("Re-evaluation for %s: %d patient(s) queued", today, due.size());
        return due.size();
    }

    /** Queues one patient; 404 when the store holds no such Patient. */
    public void reassess(String patientId) {
        if (store.read("Patient", patientId).filter(s -> !s.deleted()).isEmpty()) {
            throw ApiProblem.notFound("patient", "no patient with id " + patientId);
        }
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(List.of(patientId)));
    }

    /** Queues every stored patient (e.g. after a rule-set upgrade) and returns the job that tracks them. */
    public JobView reassessAll() {
        Instant requested = Instant.now();
        long id = QuarkusTransaction.requiringNew().call(() -> {
            List<String> patients = store.currentIds("Patient");
            queue.enqueue(patients);
            return cohort.createJob(requested, patients);
        });
        LOG.infof("Re-assessment job %d started by an operator", id);
        return job(id);
    }

    public JobView job(long id) {
        CohortRepository.Job job = QuarkusTransaction.requiringNew().call(() -> cohort.job(id))
                .orElseThrow(() -> ApiProblem.notFound("job", "no re-assessment job with id " + id));
        int[] queued = queue.queuedAmong(job.patients());
        int total = job.patients().size();
        String status = job.assessed() >= total ? "done" : queued[0] == 0 ? "done" : queued[0] == queued[1] ? "failing" : "running";
        return new JobView(job.id(), status, job.requestedAt(), total, job.assessed(), queued[0], queued[1]);
    }
}

package org.bonemonitor.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bonemonitor.careplan.PlanChanged;
import org.bonemonitor.careplan.PlanQueue;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.Recommendation;
import org.bonemonitor.platform.ClinicalClock;
import org.hl7.fhir.r4.model.CarePlan;
import org.jboss.logging.Logger;

/**
 * Plan and cohort metrics at {@code /q/metrics}; labels are codes and statuses, never patient ids.
 * The gauges are refreshed from the database on a schedule, so a scrape never runs a query.
 */
@ApplicationScoped
public class OpsMetrics {

    private static final Logger LOG = Logger.getLogger(OpsMetrics.class);

    private final MeterRegistry registry;
    private final PlanQueue queue;
    private final CohortRepository cohort;
    private final ClinicalClock clock;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicReference<Double> queueAge = new AtomicReference<>(0.0);
    private final AtomicLong stale = new AtomicLong();
    private final Map<String, AtomicLong> worklists = new ConcurrentHashMap<>();

    OpsMetrics(MeterRegistry registry, PlanQueue queue, CohortRepository cohort, ClinicalClock clock) {
        this.registry = registry;
        this.queue = queue;
        this.cohort = cohort;
        this.clock = clock;
        Gauge.builder("bonemonitor.plan.queue.depth", queueDepth, AtomicLong::get)
                .description("Patients waiting in the durable plan queue").register(registry);
        Gauge.builder("bonemonitor.plan.queue.oldest.age", queueAge, AtomicReference::get).baseUnit("seconds")
                .description("Age of the oldest queued patient (plan lag)").register(registry);
        Gauge.builder("bonemonitor.reevaluation.stale.patients", stale, AtomicLong::get)
                .description("Time-dependent patients not yet re-assessed today (re-evaluation progress)").register(registry);
    }

    Timer.Sample startRun() {
        return Timer.start(registry);
    }

    void runDone(Timer.Sample sample, int queued) {
        sample.stop(Timer.builder("bonemonitor.reevaluation.run").description("Duration of a re-evaluation run").register(registry));
        Counter.builder("bonemonitor.reevaluation.runs").register(registry).increment();
        Counter.builder("bonemonitor.reevaluation.queued").description("Patients queued by re-evaluation runs").register(registry)
                .increment(queued);
    }

    void assessed(BoneHealthAssessment a) {
        Counter.builder("bonemonitor.assessments").tag("outcome", a.outcome().name().toLowerCase()).register(registry).increment();
        for (Recommendation r : a.recommendations()) {
            Counter.builder("bonemonitor.recommendations").description("Recommendations made by assessments, by code")
                    .tag("code", r.code().value()).register(registry).increment();
        }
    }

    void onPlanChanged(@Observes PlanChanged change) {
        change.changed().stream().filter(CarePlan.class::isInstance).map(CarePlan.class::cast).forEach(cp -> {
            boolean created = "1".equals(cp.getMeta().getVersionId());
            Counter.builder("bonemonitor.plans").description("CarePlans stored, new or revised")
                    .tag("change", created ? "created" : "revised").register(registry).increment();
        });
    }

    @Scheduled(every = "${bone-monitor.ops.metrics-refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "ops-metrics")
    public void refresh() {
        try {
            queueDepth.set(queue.size());
            queueAge.set(queue.oldestAgeSeconds());
            QuarkusTransaction.requiringNew().run(() -> {
                stale.set(cohort.countStale(clock.today()));
                for (String list : CohortService.WORKLISTS) {
                    long n = cohort.count(CohortService.where(list), CohortService.args(list, clock.today(), CohortService.DEFAULT_WINDOW));
                    worklists.computeIfAbsent(list, l -> {
                        AtomicLong value = new AtomicLong();
                        Gauge.builder("bonemonitor.cohort.patients", value, AtomicLong::get).tag("worklist", l)
                                .description("Patients on each ops worklist").register(registry);
                        return value;
                    }).set(n);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Refreshing the ops gauges failed (%s)", e.getClass().getSimpleName());
        }
    }
}

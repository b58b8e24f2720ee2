package org.bonemonitor.careplan;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/** Care-plan generation ({@code bone-monitor.plan.*}). */
@ConfigMapping(prefix = "bone-monitor.plan")
public interface PlanConfig {

    /** How often the worker looks for queued patients ({@code off} disables the schedule; tests call drain()). */
    @WithDefault("1s")
    String pollInterval();

    /** A fixed evaluation date for tests and demos; unset means today (UTC). Read by {@code ClinicalClock}. */
    Optional<LocalDate> asOf();

    /** CarePlan.intent: {@code proposal} or {@code plan}. */
    @WithDefault("proposal")
    String carePlanIntent();

    /** ServiceRequest.intent: {@code proposal}, {@code plan} or {@code order}. */
    @WithDefault("proposal")
    String serviceRequestIntent();

    /** Patients re-planned per worker transaction. */
    @WithDefault("20")
    int batchSize();

    /** Wait before retrying a patient whose re-plan failed. */
    @WithDefault("30s")
    Duration retryBackoff();

    /**
     * When the scheduled re-evaluation queues the patients whose plans depend on elapsed time (Quarkus
     * cron, UTC; {@code off} disables it). Run by {@code ops.Reevaluation}.
     */
    @WithDefault("0 30 0 * * ?")
    String reevaluateCron();

    /** Most patients one re-evaluation run queues, the longest unassessed first; more are left for the next run. */
    @WithDefault("20000")
    int reevaluateMaxPerRun();

    /** Most entries accepted by {@code $bone-health-plan} (one patient's record); more get 413. */
    @WithDefault("5000")
    int operationMaxEntries();
}

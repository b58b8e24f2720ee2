package org.bonemonitor.bulk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.writeback.WritebackConfig;

/**
 * Population back-fill from the EHR's FHIR Bulk Data {@code $export}, under {@code bone-monitor.bulk.*}
 * (environment: {@code BONE_MONITOR_BULK_ENABLED}, …). Authorisation is configured like write-back's
 * ({@code auth-mode}, {@code bearer-token}, {@code smart.*}) and served by the same client. See README.
 */
@ConfigMapping(prefix = "bone-monitor.bulk")
public interface BulkConfig {

    /** Pull from the EHR (schedule and {@code POST /api/ops/bulk-imports}). Pushed {@code $import} works regardless. */
    @WithDefault("false")
    boolean enabled();

    /** The EHR's FHIR base URL; by default write-back's {@code ehr-base-url}. */
    Optional<URI> ehrBaseUrl();

    /** Relative to the base: {@code Patient/$export}, or {@code Group/{id}/$export} for a cohort. */
    @WithDefault("Patient/$export")
    String exportPath();

    /** {@code _type}: the types the rules read (Encounters, Claims… are not needed for a plan). */
    @WithName("type")
    @WithDefault("Patient,MedicationRequest,MedicationStatement,MedicationDispense,MedicationAdministration,Medication,"
            + "Observation,Condition,Procedure,FamilyMemberHistory")
    List<String> types();

    /** {@code _typeFilter}, sent as given (e.g. {@code MedicationRequest?status=active}). */
    @WithName("type-filter")
    Optional<List<String>> typeFilters();

    /** When to start an incremental export by itself: a Quarkus cron (e.g. {@code 0 0 2 * * ?} nightly) or {@code off}. */
    @WithDefault("off")
    String schedule();

    /**
     * Where a manifest pushed to {@code $import} may live besides the EHR base (URL prefixes, e.g. a
     * storage bucket): we fetch only from these, so {@code $import} cannot make us call anywhere.
     */
    Optional<List<String>> manifestUrlPrefixes();

    @WithDefault("none")
    WritebackConfig.AuthMode authMode();

    /** The static token for {@code auth-mode=bearer}; from the environment or a Secret only. */
    Optional<String> bearerToken();

    /** SMART Backend Services, as for write-back; the scope asks to read. */
    WritebackConfig.Smart smart();

    /** How often the worker looks for jobs with something to do ({@code off} in tests, which drive it). */
    @WithDefault("2s")
    String pollInterval();

    /** Status polls: at least this far apart, whatever {@code Retry-After} says … */
    @WithDefault("1s")
    Duration minPollDelay();

    /** … and at most this far apart (also when the server sends no {@code Retry-After}). */
    @WithDefault("60s")
    Duration maxPollDelay();

    /** Resources ingested per database transaction. */
    @WithDefault("500")
    int batchSize();

    /** Failed attempts (a file download, a status request) before giving up. */
    @WithDefault("6")
    int maxAttempts();

    /** First retry delay, doubled per attempt; a {@code Retry-After} is honoured when longer. */
    @WithDefault("2s")
    Duration backoffBase();

    @WithDefault("5m")
    Duration backoffCap();

    /** An export still not ready after this long is abandoned. */
    @WithDefault("24h")
    Duration exportTimeout();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed for one status or kick-off request; file downloads may take as long as they stream. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** How long a worker holds a job before another replica may take it over (renewed while working). */
    @WithDefault("2m")
    Duration lease();

    /** What is missing or inconsistent, each naming the key; empty when usable. */
    default List<String> problems(Optional<URI> writebackBase) {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        Optional<URI> base = ehrBaseUrl().or(() -> writebackBase);
        if (base.isEmpty()) {
            problems.add("bone-monitor.bulk.ehr-base-url (BONE_MONITOR_BULK_EHR_BASE_URL) is not set, nor is write-back's");
        }
        if (!exportPath().endsWith("$export")) {
            problems.add("bone-monitor.bulk.export-path must end in $export (Patient/$export or Group/{id}/$export)");
        }
        switch (authMode()) {
            case BEARER -> {
                if (bearerToken().filter(t -> !t.isBlank()).isEmpty()) {
                    problems.add("bone-monitor.bulk.bearer-token (BONE_MONITOR_BULK_BEARER_TOKEN) is not set (auth-mode=bearer)");
                }
            }
            case SMART_BACKEND -> {
                if (smart().clientId().isEmpty() || smart().keyId().isEmpty()
                        || (smart().privateKey().isEmpty() && smart().privateKeyFile().isEmpty())) {
                    problems.add("bone-monitor.bulk.smart.client-id, .key-id and .private-key (or .private-key-file) "
                            + "are needed for auth-mode=smart-backend");
                }
            }
            case NONE -> { }
        }
        if (batchSize() < 1 || maxAttempts() < 1) {
            problems.add("bone-monitor.bulk.batch-size and max-attempts must be at least 1");
        }
        return problems;
    }
}

package org.bonemonitor.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.bonemonitor.bulk.BulkDataClient.Complete;
import org.bonemonitor.bulk.BulkDataClient.ExportStatus;
import org.bonemonitor.bulk.BulkDataClient.Failure;
import org.bonemonitor.bulk.BulkDataClient.InProgress;
import org.bonemonitor.bulk.BulkDataClient.Manifest;
import org.bonemonitor.bulk.BulkDataClient.ManifestFile;
import org.bonemonitor.writeback.WritebackConfig;
import org.bonemonitor.writeback.auth.EhrAuthorization;
import org.jboss.logging.Logger;

/**
 * Population back-fill jobs: start (by an operator, the schedule or a pushed manifest), then one step
 * at a time by {@link #runDue()} — kick-off, status polls honouring {@code Retry-After}, the files
 * (streamed, resumed at the first line not committed, retried with backoff), the export's delete. All
 * state is in PostgreSQL, so another replica or a restarted one carries on where this one stopped.
 */
@ApplicationScoped
public class BulkImportService {

    private static final Logger LOG = Logger.getLogger(BulkImportService.class);
    private static final int ISSUES_SHOWN = 200;

    private final BulkConfig config;
    private final WritebackConfig writeback;
    private final BulkImportRepository repository;
    private final NdjsonIngest ndjson;
    private final BulkMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile BulkDataClient client;

    BulkImportService(BulkConfig config, WritebackConfig writeback, BulkImportRepository repository, NdjsonIngest ndjson,
            BulkMetrics metrics, ObjectMapper json) {
        this.config = config;
        this.writeback = writeback;
        this.repository = repository;
        this.ndjson = ndjson;
        this.metrics = metrics;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** The EHR's base URL, {@code bone-monitor.bulk.ehr-base-url} or else write-back's. */
    Optional<URI> ehrBase() {
        return config.ehrBaseUrl().or(writeback::ehrBaseUrl);
    }

    // ------------------------------------------------------------------ starting

    /** A new pull, incremental from the last completed one; refused while one is running or when pulling is off. */
    public BulkImportView startExport(BulkImport.StartedBy startedBy) {
        if (!config.enabled()) {
            throw new BulkImportException.Disabled();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<BulkImport> running = repository.runningExport();
            if (running.isPresent()) {
                throw new BulkImportException.Running(running.get().id);
            }
            BulkImport job = newJob(BulkImport.Kind.EXPORT, startedBy);
            job.since = repository.lastTransactionTime().orElse(null);
            job.requestUrl = kickOffUrl(job.since).toString();
            repository.persist(job);
            LOG.infof("bulk import %d: export requested (%s, since %s)", job.id, startedBy, job.since);
            return view(job);
        });
    }

    /** A manifest pushed to us ({@code $import}); its URL must be under the EHR base or an allowed prefix. */
    public BulkImportView startFromManifest(URI manifestUrl) {
        if (!allowedSource(manifestUrl)) {
            throw new BulkImportException.Invalid("manifestUrl " + manifestUrl
                    + " is not under the EHR base URL nor under bone-monitor.bulk.manifest-url-prefixes");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            BulkImport job = newJob(BulkImport.Kind.MANIFEST, BulkImport.StartedBy.PUSH);
            job.requestUrl = manifestUrl.toString();
            repository.persist(job);
            return view(job);
        });
    }

    private BulkImport newJob(BulkImport.Kind kind, BulkImport.StartedBy startedBy) {
        Instant now = clock.instant();
        BulkImport job = new BulkImport();
        job.kind = kind;
        job.startedBy = startedBy;
        job.status = BulkImport.Status.KICKOFF;
        job.createdAt = now;
        job.nextStepAt = now;
        return job;
    }

    URI kickOffUrl(Instant since) {
        String base = ehrBase().orElseThrow(BulkImportException.Disabled::new).toString();
        StringBuilder url = new StringBuilder(base.endsWith("/") ? base : base + "/").append(config.exportPath())
                .append("?_outputFormat=").append(encode("application/fhir+ndjson"))
                .append("&_type=").append(encode(String.join(",", config.types())));
        if (since != null) {
            url.append("&_since=").append(encode(since.toString()));
        }
        config.typeFilters().ifPresent(filters -> filters.forEach(f -> url.append("&_typeFilter=").append(encode(f))));
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private boolean allowedSource(URI url) {
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            return false;
        }
        String text = url.toString();
        return ehrBase().map(b -> text.startsWith(b.toString())).orElse(false)
                || config.manifestUrlPrefixes().orElse(List.of()).stream().anyMatch(text::startsWith);
    }

    // ------------------------------------------------------------------ reading

    public List<BulkImportView> list(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> repository.newest(limit).stream().map(this::summary).toList());
    }

    public BulkImportView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> view(repository.find(id).orElseThrow(() -> new BulkImportException.NotFound(id))));
    }

    private BulkImportView summary(BulkImport job) {
        return BulkImportView.of(job, repository.files(job.id), List.of(), repository.issueCount(job.id), clock.instant(), false);
    }

    private BulkImportView view(BulkImport job) {
        return BulkImportView.of(job, job.id == null ? List.of() : repository.files(job.id),
                job.id == null ? List.of() : repository.issues(job.id, ISSUES_SHOWN),
                job.id == null ? 0 : repository.issueCount(job.id), clock.instant(), true);
    }

    // ------------------------------------------------------------------ working

    /** Runs every step that is due now, one job at a time; returns how many steps ran. */
    public int runDue() {
        int steps = 0;
        while (true) {
            Instant now = clock.instant();
            Optional<BulkImport> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> repository.claimDue(now, now.plus(config.lease())));
            if (claimed.isEmpty()) {
                return steps;
            }
            step(claimed.get());
            steps++;
        }
    }

    private void step(BulkImport job) {
        try {
            switch (job.status) {
                case KICKOFF -> kickOff(job);
                case EXPORTING -> poll(job);
                case IMPORTING -> importFiles(job);
                default -> { }
            }
        } catch (Failure e) {
            failedRequest(job, e);
        } catch (RuntimeException e) {
            // our own fault (database, a bug): keep the job, try again later
            LOG.errorf(e, "bulk import %d: step %s failed", job.id, job.status);
            job.lastError = truncate("internal error: " + e.getClass().getSimpleName());
            job.nextStepAt = clock.instant().plus(backoff(++job.attempts));
        }
        job.leasedUntil = null;
        save(job);
    }

    private void kickOff(BulkImport job) throws Failure {
        if (job.kind == BulkImport.Kind.MANIFEST) {
            Manifest manifest = client().fetchManifest(URI.create(job.requestUrl));
            accept(job, manifest);
            return;
        }
        job.statusUrl = client().kickOff(URI.create(job.requestUrl)).toString();
        job.status = BulkImport.Status.EXPORTING;
        job.attempts = 0;
        job.lastError = null;
        job.nextStepAt = clock.instant();
        LOG.infof("bulk import %d: export accepted by the EHR", job.id);
    }

    private void poll(BulkImport job) throws Failure {
        Instant now = clock.instant();
        if (now.isAfter(job.createdAt.plus(config.exportTimeout()))) {
            finish(job, BulkImport.Status.FAILED, "the export was not ready within bone-monitor.bulk.export-timeout");
            deleteQuietly(job);
            return;
        }
        ExportStatus status = client().status(URI.create(job.statusUrl));
        job.attempts = 0;
        job.lastError = null;
        if (status instanceof InProgress running) {
            job.progress = running.progress();
            Duration wait = running.retryAfter().orElse(config.maxPollDelay());
            job.nextStepAt = now.plus(clamp(wait, config.minPollDelay(), config.maxPollDelay()));
        } else if (status instanceof Complete complete) {
            accept(job, complete.manifest());
        }
    }

    /** The manifest's files become rows; the import starts at once. */
    private void accept(BulkImport job, Manifest manifest) {
        Instant now = clock.instant();
        job.transactionTime = manifest.transactionTime();
        job.requiresToken = manifest.requiresAccessToken();
        job.exportedAt = now;
        job.status = BulkImport.Status.IMPORTING;
        job.attempts = 0;
        job.lastError = null;
        job.nextStepAt = now;
        QuarkusTransaction.requiringNew().run(() -> {
            manifest.output().forEach(f -> repository.persist(file(job.id, BulkImportFile.Kind.OUTPUT, f, now)));
            manifest.error().forEach(f -> repository.persist(file(job.id, BulkImportFile.Kind.ERROR, f, now)));
        });
        LOG.infof("bulk import %d: manifest with %d file(s) and %d error file(s)", job.id, manifest.output().size(),
                manifest.error().size());
    }

    private static BulkImportFile file(long importId, BulkImportFile.Kind kind, ManifestFile entry, Instant now) {
        BulkImportFile file = new BulkImportFile();
        file.importId = importId;
        file.kind = kind;
        file.type = entry.type();
        file.url = entry.url().toString();
        file.status = BulkImportFile.Status.PENDING;
        file.nextAttemptAt = now;
        return file;
    }

    private void importFiles(BulkImport job) {
        for (BulkImportFile file : QuarkusTransaction.requiringNew().call(() -> repository.files(job.id))) {
            if (file.status == BulkImportFile.Status.PENDING && !file.nextAttemptAt.isAfter(clock.instant())) {
                importFile(job, file);
            }
        }
        List<BulkImportFile> files = QuarkusTransaction.requiringNew().call(() -> repository.files(job.id));
        Optional<Instant> nextRetry = files.stream().filter(f -> f.status == BulkImportFile.Status.PENDING)
                .map(f -> f.nextAttemptAt).min(Instant::compareTo);
        if (nextRetry.isPresent()) {
            job.nextStepAt = nextRetry.get();
            return;
        }
        boolean anyFailed = files.stream().anyMatch(f -> f.status == BulkImportFile.Status.FAILED);
        deleteQuietly(job);
        finish(job, BulkImport.Status.COMPLETED, anyFailed ? "some files could not be downloaded: see the issues" : null);
    }

    private void importFile(BulkImport job, BulkImportFile file) {
        // our token goes only where the manifest asks for it, and for a pushed manifest only to the EHR
        boolean withToken = job.requiresToken && (job.kind == BulkImport.Kind.EXPORT
                || ehrBase().map(b -> file.url.startsWith(b.toString())).orElse(false));
        try (InputStream body = client().open(URI.create(file.url), withToken)) {
            if (file.kind == BulkImportFile.Kind.ERROR) {
                ndjson.ingestOutcomes(body, file.linesDone, config.batchSize(), progress(job, file));
            } else {
                ndjson.ingest(body, file.linesDone, config.batchSize(), progress(job, file));
            }
            fileDone(file.id, BulkImportFile.Status.DONE, null, 0, clock.instant());
        } catch (Failure e) {
            fileFailed(job, file, e.getMessage(), e.transientFailure, e.retryAfter);
        } catch (IOException e) {
            fileFailed(job, file, "download broke off: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), true, Optional.empty());
        }
    }

    private NdjsonIngest.Progress progress(BulkImport job, BulkImportFile file) {
        return (linesDone, resources, errors) -> {
            Instant now = clock.instant();
            repository.fileProgress(file.id, linesDone, resources, errors.size());
            errors.forEach(e -> repository.persist(BulkImportIssue.of(job.id, file.id, e.line(),
                    file.kind == BulkImportFile.Kind.ERROR ? "export" : "error", e.message(), now)));
            repository.renewLease(job.id, now.plus(config.lease()));
        };
    }

    private void fileFailed(BulkImport job, BulkImportFile file, String message, boolean retry, Optional<Duration> retryAfter) {
        Instant now = clock.instant();
        int attempts = QuarkusTransaction.requiringNew().call(() -> repository.findFile(file.id).attempts) + 1;
        if (!retry || attempts >= config.maxAttempts()) {
            LOG.warnf("bulk import %d: file %d (%s) given up after %d attempt(s)", job.id, file.id, file.type, attempts);
            fileDone(file.id, BulkImportFile.Status.FAILED, message, attempts, now);
            QuarkusTransaction.requiringNew().run(() -> repository.persist(BulkImportIssue.of(job.id, file.id, null, "error",
                    "file given up after " + attempts + " attempt(s): " + message, now)));
            return;
        }
        metrics.retry();
        Duration wait = retryAfter.filter(r -> r.compareTo(backoff(attempts)) > 0).orElse(backoff(attempts));
        LOG.infof("bulk import %d: file %d (%s) failed (attempt %d), retry in %s", job.id, file.id, file.type, attempts, wait);
        QuarkusTransaction.requiringNew().run(() -> {
            BulkImportFile row = repository.findFile(file.id);
            row.attempts = attempts;
            row.lastError = truncate(message);
            row.nextAttemptAt = now.plus(wait);
        });
    }

    private void fileDone(long fileId, BulkImportFile.Status status, String error, int attempts, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            BulkImportFile row = repository.findFile(fileId);
            row.status = status;
            row.lastError = truncate(error);
            if (attempts > 0) {
                row.attempts = attempts;
            }
            row.nextAttemptAt = now;
        });
    }

    private void failedRequest(BulkImport job, Failure e) {
        job.attempts++;
        job.lastError = truncate(e.getMessage());
        if (!e.transientFailure || job.attempts >= config.maxAttempts()) {
            LOG.warnf("bulk import %d failed: %s", job.id, e.getMessage());
            finish(job, BulkImport.Status.FAILED, e.getMessage());
            return;
        }
        metrics.retry();
        Duration wait = e.retryAfter.filter(r -> r.compareTo(backoff(job.attempts)) > 0).orElse(backoff(job.attempts));
        job.nextStepAt = clock.instant().plus(wait);
    }

    private void finish(BulkImport job, BulkImport.Status status, String error) {
        job.status = status;
        job.finishedAt = clock.instant();
        job.lastError = truncate(error);
        metrics.finished(status);
        LOG.infof("bulk import %d %s", job.id, status.name().toLowerCase());
    }

    /** The export's files are no longer needed (Bulk Data: the client deletes the job when done). */
    private void deleteQuietly(BulkImport job) {
        if (job.kind != BulkImport.Kind.EXPORT || job.statusUrl == null) {
            return;
        }
        try {
            client().delete(URI.create(job.statusUrl));
        } catch (Failure e) {
            LOG.warnf("bulk import %d: could not delete the export at the EHR: %s", job.id, e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> repository.persist(BulkImportIssue.of(job.id, null, null, "warning",
                    "the export could not be deleted at the EHR: " + e.getMessage(), clock.instant())));
        }
    }

    private void save(BulkImport job) {
        QuarkusTransaction.requiringNew().run(() -> repository.merge(job));
    }

    Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis();
        long delay = Math.min(config.backoffCap().toMillis(), base << Math.min(20, Math.max(0, attempts - 1)));
        long jitter = delay / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 5);
        return Duration.ofMillis(delay + jitter);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }

    private BulkDataClient client() {
        BulkDataClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    EhrAuthorization authorization = EhrAuthorization.of(config.authMode(), config.bearerToken(), config.smart(),
                            ehrBase().orElse(null), config.requestTimeout(), http, json, clock::instant);
                    client = new BulkDataClient(http, authorization, json, config.requestTimeout());
                }
                current = client;
            }
        }
        return current;
    }
}

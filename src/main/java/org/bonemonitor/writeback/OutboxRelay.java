package org.bonemonitor.writeback;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;
import org.bonemonitor.security.AuditLog;
import org.jboss.logging.Logger;

/**
 * Delivers due outbox rows to the EHR. Each row is claimed ({@code FOR UPDATE SKIP LOCKED}), sent and
 * marked in one database transaction: if the process dies mid-delivery the transaction rolls back, the
 * row is still PENDING and unlocked, and any replica sends it again (the EHR's conditional create/update
 * makes the repeat harmless). Several replicas, or threads, may run at once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** What one run did. */
    public record Run(int attempted, int sent, int retried, int dead) {
        public static final Run NOTHING = new Run(0, 0, 0, 0);
    }

    private enum Result { SENT, RETRY, DEAD, NO_TOKEN }

    private final WritebackConfig config;
    private final OutboxRepository repository;
    private final EhrClient ehr;
    private final WritebackClock clock;
    private final WritebackMetrics metrics;
    private final DeliveryPolicy policy;
    private final AuditLog audit;
    private ExecutorService workerPool;

    @Inject
    public OutboxRelay(WritebackConfig config, OutboxRepository repository, EhrClient ehr, WritebackClock clock,
            WritebackMetrics metrics, AuditLog audit) {
        this.config = config;
        this.audit = audit;
        this.repository = repository;
        this.ehr = ehr;
        this.clock = clock;
        this.metrics = metrics;
        this.policy = new DeliveryPolicy(config.maxAttempts(), config.backoffBase(), config.backoffCap(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Scheduled(identity = "bone-monitor-writeback-relay",
            every = "${bone-monitor.writeback.poll-interval}",
            delayed = "${bone-monitor.writeback.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.enabled()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf("write-back relay run failed: %s", e.toString());
            LOG.debug("write-back relay run failed", e);
        }
    }

    /** Deletes rows delivered longer than {@code sent-retention} ago, in slices, on any replica. */
    @Scheduled(identity = "bone-monitor-writeback-purge", every = "1h", delayed = "10m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        if (!config.enabled()) {
            return;
        }
        purgeSent();
    }

    /** One purge pass; returns the rows deleted. */
    public int purgeSent() {
        Instant cutoff = clock.now().minus(config.sentRetention());
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> repository.purgeSentBefore(cutoff, 1000));
            total += deleted;
        } while (deleted == 1000);
        if (total > 0) {
            LOG.infof("write-back: purged %d delivered outbox rows older than %s", total, config.sentRetention());
        }
        return total;
    }

    /**
     * Delivers up to {@code batch-size} due rows with {@code workers} parallel deliveries, one database
     * transaction per row, and returns what it did. Stops early when nothing is due or no access token
     * can be had. Safe to call from several threads and replicas at once.
     */
    public Run runOnce() {
        if (!config.enabled()) {
            return Run.NOTHING;
        }
        AtomicInteger budget = new AtomicInteger(config.batchSize());
        AtomicBoolean stop = new AtomicBoolean();
        int workers = Math.min(config.workers(), config.batchSize());
        List<Future<int[]>> others = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            others.add(workerPool().submit(() -> drain(budget, stop)));
        }
        int[] total = drain(budget, stop);
        for (Future<int[]> other : others) {
            int[] counts = join(other);
            for (int i = 0; i < total.length; i++) {
                total[i] += counts[i];
            }
        }
        metrics.undelivered(QuarkusTransaction.requiringNew().call(repository::countUndelivered));
        Run run = new Run(total[0], total[1], total[2], total[3]);
        if (run.attempted() > 0) {
            LOG.debugf("write-back run: %s", run);
        }
        return run;
    }

    /** One worker: claim, send, mark, until the shared budget is spent or nothing is due; {attempted, sent, retried, dead}. */
    private int[] drain(AtomicInteger budget, AtomicBoolean stop) {
        int[] counts = new int[4];
        int txTimeout = (int) Math.min(3600,
                config.connectTimeout().plus(config.requestTimeout()).multipliedBy(3).toSeconds() + 30);
        while (!stop.get() && budget.getAndDecrement() > 0) {
            Optional<Result> result = QuarkusTransaction.requiringNew().timeout(txTimeout).call(this::deliverNextDue);
            if (result.isEmpty()) {
                stop.set(true);
                break;
            }
            counts[0]++;
            switch (result.get()) {
                case SENT -> counts[1]++;
                case DEAD -> counts[3]++;
                case RETRY, NO_TOKEN -> counts[2]++;
            }
            if (result.get() == Result.NO_TOKEN) {
                stop.set(true);
            }
        }
        return counts;
    }

    private static int[] join(Future<int[]> worker) {
        try {
            return worker.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for write-back workers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a write-back worker failed", e.getCause());
        }
    }

    private synchronized ExecutorService workerPool() {
        if (workerPool == null) {
            AtomicInteger n = new AtomicInteger();
            workerPool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "writeback-relay-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return workerPool;
    }

    @PreDestroy
    synchronized void shutdown() {
        if (workerPool != null) {
            workerPool.shutdownNow();
        }
    }

    private Optional<Result> deliverNextDue() {
        Optional<OutboxEntry> claimed = repository.claimNextDue(clock.now());
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        OutboxEntry entry = claimed.get();
        EhrClient.Attempt attempt = ehr.send(entry.payload);
        return Optional.of(record(entry, attempt));
    }

    /** Marks the claimed row with the attempt's outcome. */
    private Result record(OutboxEntry entry, EhrClient.Attempt attempt) {
        Instant now = clock.now();
        entry.attempts++;
        entry.lastAttemptAt = now;
        entry.lastStatus = attempt.status().orElse(null);
        // the audit trail, in the delivery's transaction: plan data of this patient sent to the EHR (0: no answer)
        audit.record(AuditLog.Surface.WRITEBACK, attempt.status().orElse(0), new AuditLog.Batch("transaction")
                .add('C', entry.patientId, config.ehrBaseUrl().map(Object::toString).orElse("EHR") + ": " + entry.resources));
        DeliveryPolicy.Verdict verdict = DeliveryPolicy.classify(attempt.status());
        if (verdict == DeliveryPolicy.Verdict.SENT) {
            entry.status = OutboxEntry.Status.SENT;
            entry.sentAt = now;
            entry.lastError = null;
            entry.outcome = null;
            entry.ehrLocations = Outbox.truncate(String.join(" ", attempt.locations()), 2000);
            metrics.sent(Duration.between(entry.createdAt, now));
            LOG.debugf("outbox row %s delivered (attempt %s): %s", (Object) entry.id, (Object) entry.attempts, entry.ehrLocations);
            return Result.SENT;
        }
        entry.lastError = Outbox.truncate(attempt.error(), 2000);
        attempt.outcome().ifPresent(o -> entry.outcome = o);
        if (verdict == DeliveryPolicy.Verdict.RETRY && policy.mayRetry(entry.attempts)) {
            entry.nextAttemptAt = policy.nextAttempt(now, entry.attempts, attempt.status(), attempt.retryAfter());
            metrics.retried();
            LOG.infof("outbox row %d not delivered (attempt %d, %s); next attempt at %s", entry.id, entry.attempts,
                    attempt.status().map(s -> "HTTP " + s).orElse("no response"), entry.nextAttemptAt);
            LOG.debugf("outbox row %s: %s", (Object) entry.id, entry.lastError);
            return attempt.tokenUnavailable() ? Result.NO_TOKEN : Result.RETRY;
        }
        entry.status = OutboxEntry.Status.DEAD;
        metrics.died();
        LOG.warnf("outbox row %d is dead after %d attempt(s) (%s); see GET /api/ops/deliveries?status=dead",
                entry.id, entry.attempts, attempt.status().map(s -> "HTTP " + s).orElse("no response"));
        LOG.debugf("outbox row %s: %s", (Object) entry.id, entry.lastError);
        return Result.DEAD;
    }
}

package org.bonemonitor.writeback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.Optional;
import org.bonemonitor.platform.QueryParams;
import org.jboss.logging.Logger;

/** Operations on the outbox: list deliveries by status, send a dead (or waiting) one again. */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    static final int MAX_PAGE_SIZE = 200;

    private final OutboxRepository repository;
    private final WritebackClock clock;

    public DeliveryService(OutboxRepository repository, WritebackClock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * @param status {@code pending}, {@code sent}, {@code dead}, {@code discarded} or absent for all
     * @param page   0-based page number (default 0); {@code size} 1–200 (default 50)
     */
    @Transactional
    public DeliveryView.Page list(String status, String page, String size) {
        Optional<OutboxEntry.Status> wanted = parseStatus(status);
        int pageNumber = QueryParams.integer("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = QueryParams.integer("size", size, 50, 1, MAX_PAGE_SIZE);
        return new DeliveryView.Page(wanted.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse(null), pageNumber,
                pageSize, repository.count(wanted),
                repository.page(wanted, pageNumber, pageSize).stream().map(DeliveryView::of).toList());
    }

    /** Every delivery of one patient, newest first (at most the 200 latest). */
    @Transactional
    public java.util.List<DeliveryView> forPatient(String patientId) {
        return repository.find("patientId", io.quarkus.panache.common.Sort.descending("id"), patientId)
                .page(io.quarkus.panache.common.Page.ofSize(MAX_PAGE_SIZE)).list().stream().map(DeliveryView::of).toList();
    }

    /** How many deliveries are in each status ({@code pending}, {@code sent}, {@code dead}, {@code discarded}). */
    @Transactional
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (OutboxEntry.Status s : OutboxEntry.Status.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), repository.count(Optional.of(s)));
        }
        return counts;
    }

    /**
     * A dead delivery goes back to the queue with fresh attempts, due now; a pending one is made due now.
     * It is still delivered in order: it waits for older undelivered rows of its patient, and later rows
     * of the patient wait for it.
     */
    @Transactional
    public DeliveryView retry(String id) {
        long key = parseId(id);
        OutboxEntry entry = repository.findByIdOptional(key, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new WritebackException.DeliveryNotFound(id));
        if (entry.status == OutboxEntry.Status.SENT) {
            throw new WritebackException.DeliveryConflict("delivery " + id + " was already sent at " + entry.sentAt);
        }
        if (entry.status == OutboxEntry.Status.DEAD) {
            entry.status = OutboxEntry.Status.PENDING;
            entry.attempts = 0;
        }
        entry.nextAttemptAt = clock.now();
        LOG.infof("outbox row %d queued again by an operator", entry.id);
        return DeliveryView.of(entry);
    }

    /**
     * Gives up on a dead delivery: it is kept (status {@code discarded}, with when and why) but no longer
     * holds back the patient's later deliveries, which the relay then sends in order. Only a dead row can
     * be discarded: a pending one may still succeed, a sent one is history.
     */
    @Transactional
    public DeliveryView discard(String id, String reason) {
        long key = parseId(id);
        if (reason != null && reason.length() > 500) {
            throw new WritebackException.InvalidQuery("reason must be at most 500 characters");
        }
        OutboxEntry entry = repository.findByIdOptional(key, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new WritebackException.DeliveryNotFound(id));
        if (entry.status != OutboxEntry.Status.DEAD) {
            throw new WritebackException.DeliveryConflict("delivery " + id + " is " + entry.status.name().toLowerCase(Locale.ROOT)
                    + "; only a dead delivery can be discarded");
        }
        entry.status = OutboxEntry.Status.DISCARDED;
        entry.discardedAt = clock.now();
        entry.discardReason = reason == null || reason.isBlank() ? null : reason.strip();
        LOG.infof("outbox row %d discarded by an operator", entry.id);
        return DeliveryView.of(entry);
    }

    private static Optional<OutboxEntry.Status> parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OutboxEntry.Status.valueOf(status.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new WritebackException.InvalidQuery("status must be one of pending, sent, dead, discarded");
        }
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new WritebackException.DeliveryNotFound(id);
        }
    }
}

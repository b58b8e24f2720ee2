package org.bonemonitor.writeback;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outbox table; only this package uses it. Callers bring the transaction. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /**
     * The oldest due PENDING row of a patient whose earlier rows are all SENT (or DISCARDED), locked
     * ({@code FOR UPDATE SKIP LOCKED}) until the caller's transaction ends; rows other relays hold are
     * skipped, and so are their patients' later rows, which still see the held row as undelivered.
     */
    private static final String CLAIM = """
            SELECT o.* FROM {h-schema}outbox_entry o
             WHERE o.status = 'PENDING' AND o.next_attempt_at <= :now
               AND NOT EXISTS (SELECT 1 FROM {h-schema}outbox_entry e
                                WHERE e.patient_id = o.patient_id AND e.id < o.id AND e.status IN ('PENDING', 'DEAD'))
             ORDER BY o.next_attempt_at, o.id
             LIMIT 1
             FOR UPDATE OF o SKIP LOCKED""";

    public Optional<OutboxEntry> claimNextDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<OutboxEntry> rows = getEntityManager().createNativeQuery(CLAIM, OutboxEntry.class)
                .setParameter("now", now)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Deletes up to {@code limit} rows SENT before {@code cutoff}; returns how many. */
    public int purgeSentBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                        DELETE FROM {h-schema}outbox_entry WHERE id IN (
                            SELECT id FROM {h-schema}outbox_entry
                             WHERE status = 'SENT' AND sent_at < :cutoff
                             LIMIT :limit
                             FOR UPDATE SKIP LOCKED)""")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /**
     * Serialises enqueues of one patient until the caller's transaction ends, so that row ids (the
     * delivery order) follow commit order even when two plan changes of a patient race.
     */
    public void lockPatient(String patientId) {
        getEntityManager().createNativeQuery(
                        "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
                .setParameter("key", "bone-monitor.writeback:" + patientId)
                .getSingleResult();
    }

    public void rememberIdentity(TransactionBundleBuilder.Identity identity) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO {h-schema}outbox_resource_identity (res_type, res_id, identifier_system, identifier_value)
                        VALUES (:type, :id, :system, :value)
                        ON CONFLICT (res_type, res_id)
                        DO UPDATE SET identifier_system = EXCLUDED.identifier_system, identifier_value = EXCLUDED.identifier_value""")
                .setParameter("type", identity.type())
                .setParameter("id", identity.id())
                .setParameter("system", identity.system())
                .setParameter("value", identity.value())
                .executeUpdate();
    }

    public Optional<TransactionBundleBuilder.Identity> identityOf(String type, String id) {
        ResourceIdentity found = getEntityManager().find(ResourceIdentity.class, new ResourceIdentity.Key(type, id));
        return Optional.ofNullable(found).map(
                f -> new TransactionBundleBuilder.Identity(type, id, f.identifierSystem, f.identifierValue));
    }

    public Map<OutboxEntry.Status, Long> countUndelivered() {
        Map<OutboxEntry.Status, Long> counts = new EnumMap<>(OutboxEntry.Status.class);
        counts.put(OutboxEntry.Status.PENDING, 0L);
        counts.put(OutboxEntry.Status.DEAD, 0L);
        getEntityManager().createQuery(
                        "SELECT e.status, count(e) FROM OutboxEntry e WHERE e.status IN :undelivered GROUP BY e.status",
                        Object[].class)
                .setParameter("undelivered", List.of(OutboxEntry.Status.PENDING, OutboxEntry.Status.DEAD))
                .getResultList()
                .forEach(row -> counts.put((OutboxEntry.Status) row[0], (Long) row[1]));
        return counts;
    }

    /** PENDING rows in delivery order; SENT and DEAD newest first. */
    public List<OutboxEntry> page(Optional<OutboxEntry.Status> status, int page, int size) {
        Sort sort = status.filter(s -> s == OutboxEntry.Status.PENDING).isPresent()
                ? Sort.ascending("id") : Sort.descending("id");
        return status.map(s -> find("status", sort, s)).orElseGet(() -> findAll(sort))
                .page(Page.of(page, size)).list();
    }

    public long count(Optional<OutboxEntry.Status> status) {
        return status.map(s -> count("status", s)).orElseGet(this::count);
    }
}

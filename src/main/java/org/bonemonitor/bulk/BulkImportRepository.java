package org.bonemonitor.bulk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bulk_import tables; only this package uses them. Callers bring the transaction. */
@ApplicationScoped
public class BulkImportRepository {

    @Inject
    EntityManager em;

    /** A due, unleased job, leased to the caller until {@code until}. */
    Optional<BulkImport> claimDue(Instant now, Instant until) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                        SELECT id FROM {h-schema}bulk_import
                         WHERE status IN ('KICKOFF', 'EXPORTING', 'IMPORTING') AND next_step_at <= :now
                           AND (leased_until IS NULL OR leased_until < :now)
                         ORDER BY next_step_at, id
                         LIMIT 1
                         FOR UPDATE SKIP LOCKED""")
                .setParameter("now", now)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        BulkImport job = em.find(BulkImport.class, ids.get(0).longValue());
        job.leasedUntil = until;
        return Optional.of(job);
    }

    void renewLease(long importId, Instant until) {
        em.createQuery("UPDATE BulkImport j SET j.leasedUntil = :until WHERE j.id = :id")
                .setParameter("until", until).setParameter("id", importId).executeUpdate();
    }

    /** The running pull (there is at most one): kick-off, export or import under way. */
    Optional<BulkImport> runningExport() {
        return em.createQuery("FROM BulkImport j WHERE j.kind = :kind AND j.status IN :running ORDER BY j.id", BulkImport.class)
                .setParameter("kind", BulkImport.Kind.EXPORT)
                .setParameter("running", List.of(BulkImport.Status.KICKOFF, BulkImport.Status.EXPORTING, BulkImport.Status.IMPORTING))
                .setMaxResults(1).getResultStream().findFirst();
    }

    /** The {@code transactionTime} of the newest completed export: the next {@code _since}. */
    Optional<Instant> lastTransactionTime() {
        return em.createQuery("SELECT max(j.transactionTime) FROM BulkImport j WHERE j.kind = :kind AND j.status = :done", Instant.class)
                .setParameter("kind", BulkImport.Kind.EXPORT)
                .setParameter("done", BulkImport.Status.COMPLETED)
                .getResultStream().filter(java.util.Objects::nonNull).findFirst();
    }

    List<BulkImport> newest(int limit) {
        return em.createQuery("FROM BulkImport j ORDER BY j.id DESC", BulkImport.class).setMaxResults(limit).getResultList();
    }

    Optional<BulkImport> find(long id) {
        return Optional.ofNullable(em.find(BulkImport.class, id));
    }

    BulkImportFile findFile(long fileId) {
        return em.find(BulkImportFile.class, fileId);
    }

    List<BulkImportFile> files(long importId) {
        return em.createQuery("FROM BulkImportFile f WHERE f.importId = :id ORDER BY f.id", BulkImportFile.class)
                .setParameter("id", importId).getResultList();
    }

    List<BulkImportIssue> issues(long importId, int limit) {
        return em.createQuery("FROM BulkImportIssue i WHERE i.importId = :id ORDER BY i.id", BulkImportIssue.class)
                .setParameter("id", importId).setMaxResults(limit).getResultList();
    }

    long issueCount(long importId) {
        return em.createQuery("SELECT count(i) FROM BulkImportIssue i WHERE i.importId = :id", Long.class)
                .setParameter("id", importId).getSingleResult();
    }

    /** Progress of a file, in the transaction that wrote its resources. */
    void fileProgress(long fileId, long linesDone, long resources, long failedLines) {
        em.createQuery("""
                        UPDATE BulkImportFile f SET f.linesDone = :lines, f.resources = f.resources + :resources,
                               f.failedLines = f.failedLines + :failed WHERE f.id = :id""")
                .setParameter("lines", linesDone).setParameter("resources", resources)
                .setParameter("failed", failedLines).setParameter("id", fileId).executeUpdate();
    }

    void persist(Object entity) {
        em.persist(entity);
    }

    <T> T merge(T entity) {
        return em.merge(entity);
    }
}

package org.bonemonitor.careplan;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.bonemonitor.record.StoreException;

/**
 * The durable queue of patients to re-plan (table {@code plan_queue}, see V2). Every method joins
 * the caller's transaction: ingest enqueues with its writes, the worker claims and re-plans in one
 * transaction, so a patient is dequeued only when the new plan commits.
 */
@ApplicationScoped
public class PlanQueue {

    /** Record types whose writes can change a plan (what {@link PlanService} reads; Medication names no patient). */
    public static final java.util.Set<String> PLANNED_TYPES = java.util.Set.copyOf(org.bonemonitor.snapshot.SnapshotBuilder.INPUT_TYPES);

    @Inject
    AgroalDataSource dataSource;

    /** The patients of written rows of a {@link #PLANNED_TYPES} type. */
    public static java.util.Set<String> patientsOf(List<org.bonemonitor.record.ResourceRow> rows) {
        java.util.Set<String> ids = new TreeSet<>();
        for (var row : rows) {
            if (row.patientId() != null && PLANNED_TYPES.contains(row.type())) {
                ids.add(row.patientId());
            }
        }
        return ids;
    }

    /** Queues the patients (one statement; already-queued patients stay as they are). */
    public void enqueue(Collection<String> patientIds) {
        if (patientIds.isEmpty()) {
            return;
        }
        // sorted: concurrent transactions take the row locks in the same order, so they cannot deadlock
        Object[] ids = new TreeSet<>(patientIds).toArray();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plan_queue (patient_id) SELECT unnest(?::text[]) ON CONFLICT (patient_id) DO NOTHING")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Removes and returns up to {@code limit} due patients, oldest first, skipping rows another
     * worker holds. The removal commits (or rolls back) with the caller's transaction.
     */
    public List<String> claim(int limit) {
        return claim(limit, List.of());
    }

    /** {@link #claim(int)}, leaving out the given patients (those that just failed in this run). */
    public List<String> claim(int limit, Collection<String> excluding) {
        List<String> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM plan_queue WHERE patient_id IN (SELECT patient_id FROM plan_queue WHERE next_attempt_at <= now() "
                        + "AND patient_id <> ALL(?::text[]) ORDER BY enqueued_at, patient_id LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "RETURNING patient_id")) {
            ps.setArray(1, c.createArrayOf("text", excluding.toArray()));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        claimed.sort(null);
        return claimed;
    }

    /** Records a failed run (in a transaction of its own): the patient is tried again after a backoff. */
    public void failed(String patientId, String error, long backoffSeconds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plan_queue (patient_id, attempts, next_attempt_at, last_error) "
                        + "VALUES (?, 1, now() + make_interval(secs => ?), ?) ON CONFLICT (patient_id) DO UPDATE SET "
                        + "attempts = plan_queue.attempts + 1, next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error")) {
            ps.setString(1, patientId);
            ps.setDouble(2, backoffSeconds);
            ps.setString(3, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Queued patients (due or waiting for a retry). */
    public int size() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM plan_queue");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** How many of the given patients are still queued, and how many of those have failed at least once. */
    public int[] queuedAmong(Collection<String> patientIds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE attempts > 0) FROM plan_queue WHERE patient_id = ANY(?::text[])")) {
            ps.setArray(1, c.createArrayOf("text", patientIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The age of the oldest queued row in seconds (0 when empty): the plan lag an alert watches. */
    public double oldestAgeSeconds() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(enqueued_at)), 0) FROM plan_queue");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Whether the patient is queued. */
    public boolean contains(String patientId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM plan_queue WHERE patient_id = ?")) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}

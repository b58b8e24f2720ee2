package org.bonemonitor.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bonemonitor.record.StoreException;
import org.jboss.logging.Logger;

/**
 * The audit trail of patient data: who (subject, client, scopes), what (action, interaction, patient,
 * entity), when, from where, with which correlation id. One row per patient a request touched, all rows
 * of a request in one batched insert, on the caller's transaction when there is one (a write and its
 * audit rows commit or roll back together).
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /** The surface a request came through. */
    public enum Surface {
        FHIR("fhir"), CDS_HOOKS("cds-hooks"), WRITEBACK("writeback"), OPS("ops");

        public final String code;

        Surface(String code) {
            this.code = code;
        }
    }

    /** One stored row, as read back for {@code GET /fhir/AuditEvent}. */
    public record Row(long id, Instant recorded, char action, String subtype, String surface, int httpStatus, String subject,
            String clientId, String scopes, String sourceAddress, String correlationId, String patientId, String entity,
            int resourceCount) {
    }

    /**
     * The rows of one request, one per (action, patient): what a request touched, aggregated as it goes.
     * The entity is kept when a row covers one resource, and replaced by the count when it covers more.
     */
    public static final class Batch {
        private final String subtype;
        private final Map<String, Object[]> rows = new LinkedHashMap<>();

        public Batch(String subtype) {
            this.subtype = subtype;
        }

        /** @param action C, R, U, D or E (FHIR AuditEvent.action) */
        public Batch add(char action, String patientId, String entity) {
            Object[] row = rows.computeIfAbsent(action + "|" + patientId, k -> new Object[] {action, patientId, entity, 0});
            row[3] = (int) row[3] + 1;
            if ((int) row[3] > 1) {
                row[2] = null;
            }
            return this;
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CurrentCaller callers;
    @Inject
    AuditConfig config;

    /** Records a batch as the current caller's (the service's own outside a request). */
    public void record(Surface surface, int httpStatus, Batch batch) {
        record(surface, httpStatus, batch, callers.get());
    }

    void record(Surface surface, int httpStatus, Batch batch, Caller caller) {
        if (batch.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (recorded, action, subtype, surface, http_status, "
                        + "subject, client_id, scopes, source_address, correlation_id, patient_id, entity, resource_count) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : batch.rows.values()) {
                ps.setTimestamp(1, now);
                ps.setString(2, String.valueOf(row[0]));
                ps.setString(3, batch.subtype);
                ps.setString(4, surface.code);
                ps.setInt(5, httpStatus);
                ps.setString(6, cut(caller.subject(), 256));
                ps.setString(7, cut(caller.clientId(), 256));
                ps.setString(8, caller.authenticated() ? cut(caller.scopes().toString(), 2000) : null);
                ps.setString(9, cut(caller.address(), 64));
                ps.setString(10, cut(caller.correlationId(), 64));
                ps.setString(11, cut((String) row[1], 64));
                ps.setString(12, cut((String) row[2], 2000));
                ps.setInt(13, (int) row[3]);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * The rows of a patient (or of all patients), newest first, within [from, to).
     *
     * @param patientIds null for every patient
     */
    public List<Row> find(Collection<String> patientIds, Optional<Instant> from, Optional<Instant> to, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, recorded, action, subtype, surface, http_status, subject, client_id, scopes, "
                + "source_address, correlation_id, patient_id, entity, resource_count FROM audit_event WHERE true");
        List<Object> args = new ArrayList<>();
        if (patientIds != null) {
            sql.append(" AND patient_id = ANY (?)");
            args.add(patientIds.toArray(String[]::new));
        }
        from.ifPresent(f -> {
            sql.append(" AND recorded >= ?");
            args.add(Timestamp.from(f));
        });
        to.ifPresent(t -> {
            sql.append(" AND recorded < ?");
            args.add(Timestamp.from(t));
        });
        sql.append(" ORDER BY recorded DESC, id DESC OFFSET ? LIMIT ?");
        args.add(offset);
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String[] ids) {
                    ps.setArray(i + 1, c.createArrayOf("varchar", ids));
                } else if (a instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t);
                } else {
                    ps.setObject(i + 1, a, Types.INTEGER);
                }
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3).charAt(0), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Purges rows older than the retention, on any replica (a repeated delete is harmless). */
    @Scheduled(every = "24h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM audit_event WHERE recorded < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(config.retention())));
            int purged = ps.executeUpdate();
            if (purged > 0) {
                LOG.infof("audit: purged %d rows older than %s (bone-monitor.audit.retention)", purged, config.retention());
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** At most max characters, control characters (a refused request's %00 among them) as '?': PostgreSQL refuses NUL. */
    private static String cut(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}

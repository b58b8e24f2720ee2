package org.bonemonitor.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bonemonitor.record.StoreException;

/**
 * The ops tables (V60): {@code ops_patient}, the read model of the latest assessment of each planned
 * patient, and {@code ops_reassess_job}. Only this package uses it; callers bring the transaction.
 */
@ApplicationScoped
public class CohortRepository {

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    CohortRepository(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** One row of a worklist. */
    public record Row(String patientId, String name, String aiDrug, LocalDate episodeStart, String category, String planStatus,
            String nextCode, String nextDisplay, LocalDate nextDue, boolean overdue, LocalDate assessedOn) {
    }

    void upsert(String patientId, String name, LocalDate assessedOn, Instant assessedAt, String ruleSetVersion, PatientFacts f) {
        String json;
        try {
            json = mapper.writeValueAsString(f.items());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String sql = """
                INSERT INTO ops_patient (patient_id, name, assessed_on, assessed_at, rule_set_version, outcome, plan_status, ai_drug,
                    episode_start, episode_active, category, next_code, next_display, next_due, overdue, no_baseline,
                    antiresorptive_indicated, review, time_dependent, codes, data_gaps, recommendations)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (patient_id) DO UPDATE SET name = EXCLUDED.name, assessed_on = EXCLUDED.assessed_on,
                    assessed_at = EXCLUDED.assessed_at, rule_set_version = EXCLUDED.rule_set_version, outcome = EXCLUDED.outcome,
                    plan_status = EXCLUDED.plan_status, ai_drug = EXCLUDED.ai_drug, episode_start = EXCLUDED.episode_start,
                    episode_active = EXCLUDED.episode_active, category = EXCLUDED.category, next_code = EXCLUDED.next_code,
                    next_display = EXCLUDED.next_display, next_due = EXCLUDED.next_due, overdue = EXCLUDED.overdue,
                    no_baseline = EXCLUDED.no_baseline, antiresorptive_indicated = EXCLUDED.antiresorptive_indicated,
                    review = EXCLUDED.review, time_dependent = EXCLUDED.time_dependent, codes = EXCLUDED.codes,
                    data_gaps = EXCLUDED.data_gaps, recommendations = EXCLUDED.recommendations""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, patientId);
            ps.setString(i++, name);
            ps.setDate(i++, Date.valueOf(assessedOn));
            ps.setTimestamp(i++, Timestamp.from(assessedAt));
            ps.setString(i++, ruleSetVersion);
            ps.setString(i++, f.outcome());
            ps.setString(i++, f.planStatus());
            ps.setString(i++, f.aiDrug());
            ps.setDate(i++, f.episodeStart() == null ? null : Date.valueOf(f.episodeStart()));
            ps.setBoolean(i++, f.episodeActive());
            ps.setString(i++, f.category());
            ps.setString(i++, f.next().map(PatientFacts.Item::code).orElse(null));
            ps.setString(i++, f.next().map(PatientFacts.Item::display).orElse(null));
            ps.setDate(i++, f.next().map(n -> Date.valueOf(n.due())).orElse(null));
            ps.setBoolean(i++, f.overdue());
            ps.setBoolean(i++, f.noBaseline());
            ps.setBoolean(i++, f.antiresorptiveIndicated());
            ps.setBoolean(i++, f.review());
            ps.setBoolean(i++, f.timeDependent());
            ps.setArray(i++, c.createArrayOf("text", f.codes().toArray()));
            ps.setArray(i++, c.createArrayOf("text", f.dataGaps().toArray()));
            ps.setString(i, json);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Patients whose assessment depends on elapsed time and predates {@code today}, oldest assessment first. */
    List<String> stale(LocalDate today, int limit) {
        return ids("SELECT patient_id FROM ops_patient WHERE time_dependent AND assessed_on < ? ORDER BY assessed_on, patient_id LIMIT ?",
                ps -> {
                    ps.setDate(1, Date.valueOf(today));
                    ps.setInt(2, limit);
                });
    }

    long countStale(LocalDate today) {
        return count("SELECT count(*) FROM ops_patient WHERE time_dependent AND assessed_on < ?", ps -> ps.setDate(1, Date.valueOf(today)));
    }

    /** The worklist selection of {@code where} (a fixed SQL fragment chosen by the caller), sorted and paged. */
    List<Row> page(String where, List<Object> args, String orderBy, int offset, int limit) {
        String sql = "SELECT patient_id, name, ai_drug, episode_start, category, plan_status, next_code, next_display, next_due, overdue, "
                + "assessed_on FROM ops_patient WHERE " + where + " ORDER BY " + orderBy + ", patient_id LIMIT ? OFFSET ?";
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, args);
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), date(rs, 4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), date(rs, 9), rs.getBoolean(10), date(rs, 11)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return rows;
    }

    long count(String where, List<Object> args) {
        return count("SELECT count(*) FROM ops_patient WHERE " + where, ps -> bind(ps, args));
    }

    /** {@code label → count} of a grouping query whose first column is the label and second the count. */
    Map<String, Long> grouped(String sql, List<Object> args) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) == null ? "none" : rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    /** The stored facts of one patient: the recommendations JSON and when it was assessed. */
    Optional<Map<String, Object>> detail(String patientId) {
        String sql = "SELECT name, assessed_on, rule_set_version, outcome, plan_status, ai_drug, episode_start, category, "
                + "recommendations::text, data_gaps FROM ops_patient WHERE patient_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", rs.getString(1));
                m.put("assessedOn", date(rs, 2));
                m.put("ruleSetVersion", rs.getString(3));
                m.put("outcome", rs.getString(4));
                m.put("planStatus", rs.getString(5));
                m.put("aromataseInhibitor", rs.getString(6));
                m.put("episodeStart", date(rs, 7));
                m.put("category", rs.getString(8));
                m.put("recommendations", mapper.readValue(rs.getString(9), List.class));
                Array gaps = rs.getArray(10);
                m.put("dataGaps", gaps == null ? List.of() : List.of((Object[]) gaps.getArray()));
                return Optional.of(m);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    long createJob(Instant requestedAt, List<String> patients) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ops_reassess_job (requested_at, total, patients) VALUES (?, ?, ?) RETURNING id")) {
            ps.setTimestamp(1, Timestamp.from(requestedAt));
            ps.setInt(2, patients.size());
            ps.setArray(3, c.createArrayOf("text", patients.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A job: when it was asked for, its patients, and how many of them were assessed since. */
    record Job(long id, Instant requestedAt, List<String> patients, int assessed) {
    }

    Optional<Job> job(long id) {
        String sql = """
                SELECT j.id, j.requested_at, j.patients,
                    (SELECT count(*) FROM ops_patient p WHERE p.patient_id = ANY(j.patients) AND p.assessed_at >= j.requested_at)
                  FROM ops_reassess_job j WHERE j.id = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> patients = new ArrayList<>();
                for (Object p : (Object[]) rs.getArray(3).getArray()) {
                    patients.add((String) p);
                }
                return Optional.of(new Job(rs.getLong(1), rs.getTimestamp(2).toInstant(), patients, rs.getInt(4)));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<String> ids(String sql, Binder binder) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return ids;
    }

    private long count(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof LocalDate d) {
                ps.setDate(i++, Date.valueOf(d));
            } else {
                ps.setObject(i++, a);
            }
        }
        return i;
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}

package org.bonemonitor.record;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store of FHIR resources, in plain JDBC: ingest writes a whole bundle in one batched insert
 * and answers lookups for a bundle in one query each (see docs/adr/0002). Every method joins the
 * caller's transaction.
 */
@ApplicationScoped
public class ResourceStore {

    /** A page of search results with the total match count. */
    public record Page(List<StoredResource> resources, int total) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Current versions of the given "Type/id" keys that exist (deleted ones included). */
    public Map<String, CurrentVersion> currentVersions(Collection<String> typeAndIds) {
        Map<String, CurrentVersion> found = new HashMap<>();
        byKeys(typeAndIds, "SELECT f.res_type, f.res_id, f.version, f.deleted, f.content_hash, f.last_updated FROM fhir_resource f "
                + KEY_JOIN + " WHERE f.is_current", rs -> {
                    CurrentVersion v = new CurrentVersion(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant());
                    found.put(v.type() + "/" + v.id(), v);
                });
        return found;
    }

    /**
     * Live resources carrying any of the identifier tokens ("system|value"), as token → "Type/id"
     * list. Takes a transaction-scoped advisory lock per token first, so two concurrent conditional
     * creates of the same identifier cannot both create.
     */
    public Map<String, List<String>> findByIdentifiers(Collection<String> tokens) {
        Map<String, List<String>> found = new HashMap<>();
        if (tokens.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection()) {
            Array array = c.createArrayOf("text", tokens.toArray());
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT count(pg_advisory_xact_lock(hashtext(t))) FROM (SELECT t FROM unnest(?::text[]) t ORDER BY t) s")) {
                lock.setArray(1, array);
                lock.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT res_type, res_id, identifiers FROM fhir_resource "
                    + "WHERE is_current AND NOT deleted AND identifiers && ?::text[]")) {
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1) + "/" + rs.getString(2);
                        for (Object token : (Object[]) rs.getArray(3).getArray()) {
                            if (tokens.contains(token)) {
                                found.computeIfAbsent((String) token, t -> new ArrayList<>()).add(key);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return found;
    }

    /** Writes new versions; rows with version > 1 retire the version they replace. */
    public void write(List<ResourceRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean retire = false;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE fhir_resource SET is_current = FALSE WHERE res_type = ? AND res_id = ? AND is_current")) {
                for (ResourceRow row : rows) {
                    if (row.version() > 1) {
                        ps.setString(1, row.type());
                        ps.setString(2, row.id());
                        ps.addBatch();
                        retire = true;
                    }
                }
                if (retire) {
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fhir_resource (res_type, res_id, version, is_current, "
                    + "deleted, last_updated, patient_id, status, codes, identifiers, effective_start, effective_end, value_num, "
                    + "value_unit, content_hash, raw, search_tokens, date_low, date_high, search_indexed) "
                    + "VALUES (?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")) {
                for (ResourceRow row : rows) {
                    ps.setString(1, row.type());
                    ps.setString(2, row.id());
                    ps.setInt(3, row.version());
                    ps.setBoolean(4, row.deleted());
                    ps.setTimestamp(5, Timestamp.from(row.lastUpdated()));
                    ps.setString(6, row.patientId());
                    ps.setString(7, row.status());
                    setArray(c, ps, 8, row.codes());
                    setArray(c, ps, 9, row.identifiers());
                    ps.setDate(10, row.effectiveStart() == null ? null : Date.valueOf(row.effectiveStart()));
                    ps.setDate(11, row.effectiveEnd() == null ? null : Date.valueOf(row.effectiveEnd()));
                    ps.setBigDecimal(12, row.valueNum());
                    ps.setString(13, row.valueUnit());
                    ps.setString(14, row.contentHash());
                    ps.setString(15, row.raw());
                    setArray(c, ps, 16, row.searchTokens());
                    ps.setObject(17, row.dateLow() == null ? null : row.dateLow().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(18, row.dateHigh() == null ? null : row.dateHigh().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Remembers the sender's own id of written resources (the latest sender wins). */
    public void recordOrigins(List<ResourceOrigin> origins) {
        if (origins.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO resource_origin (res_type, res_id, origin_id, origin_base) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (res_type, res_id) DO UPDATE SET origin_id = EXCLUDED.origin_id, origin_base = EXCLUDED.origin_base")) {
            for (ResourceOrigin o : origins) {
                ps.setString(1, o.type());
                ps.setString(2, o.id());
                ps.setString(3, o.originId());
                ps.setString(4, o.originBase());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** For the live resources among the "Type/id" keys: where each came from and its identifier tokens. */
    public Map<String, SourceRecord> sourceRecords(Collection<String> typeAndIds) {
        Map<String, SourceRecord> found = new HashMap<>();
        byKeys(typeAndIds, "SELECT f.res_type, f.res_id, f.identifiers, o.origin_id, o.origin_base FROM fhir_resource f " + KEY_JOIN
                + " LEFT JOIN resource_origin o ON o.res_type = f.res_type AND o.res_id = f.res_id"
                + " WHERE f.is_current AND NOT f.deleted", rs -> {
                    String type = rs.getString(1);
                    String id = rs.getString(2);
                    Array identifiers = rs.getArray(3);
                    List<String> tokens = identifiers == null ? List.of()
                            : Arrays.stream((Object[]) identifiers.getArray()).map(String::valueOf).toList();
                    String originId = rs.getString(4);
                    Optional<ResourceOrigin> origin = originId == null ? Optional.empty()
                            : Optional.of(new ResourceOrigin(type, id, originId, rs.getString(5)));
                    found.put(type + "/" + id, new SourceRecord(type, id, origin, tokens));
                });
        return found;
    }

    /** One result row of a query by keys. */
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Joins {@code fhir_resource f} to the keys, bound as the query's two array parameters (types, ids). */
    private static final String KEY_JOIN = "JOIN unnest(?::text[], ?::text[]) AS k(t, i) ON f.res_type = k.t AND f.res_id = k.i";

    /** Runs a query over "Type/id" keys (see {@link #KEY_JOIN}), handing each row to {@code reader}. */
    private void byKeys(Collection<String> typeAndIds, String sql, RowReader reader) {
        if (typeAndIds.isEmpty()) {
            return;
        }
        List<String> types = new ArrayList<>(typeAndIds.size());
        List<String> ids = new ArrayList<>(typeAndIds.size());
        for (String key : typeAndIds) {
            int slash = key.indexOf('/');
            types.add(key.substring(0, slash));
            ids.add(key.substring(slash + 1));
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", types.toArray()));
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public Optional<StoredResource> read(String type, String id) {
        return one("SELECT res_type, res_id, version, last_updated, deleted, raw FROM fhir_resource "
                + "WHERE res_type = ? AND res_id = ? AND is_current", type, id, null);
    }

    public Optional<StoredResource> read(String type, String id, int version) {
        return one("SELECT res_type, res_id, version, last_updated, deleted, raw FROM fhir_resource "
                + "WHERE res_type = ? AND res_id = ? AND version = ?", type, id, version);
    }

    /**
     * Live resources matching the criteria, in their sort order (then oldest first): {@code count}
     * of them from {@code offset}, and the total; {@code count} 0 only counts.
     */
    public Page search(SearchCriteria criteria, int offset, int count) {
        try (Connection c = dataSource.getConnection()) {
            int total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + criteria.where)) {
                bind(c, ps, criteria.args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            List<StoredResource> page = new ArrayList<>();
            if (count > 0 && total > offset) {
                try (PreparedStatement ps = c.prepareStatement("SELECT res_type, res_id, version, last_updated, deleted, raw"
                        + criteria.where + criteria.orderBy() + " OFFSET ? LIMIT ?")) {
                    bind(c, ps, criteria.args);
                    ps.setInt(criteria.args.size() + 1, offset);
                    ps.setInt(criteria.args.size() + 2, count);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            page.add(stored(rs));
                        }
                    }
                }
            }
            return new Page(page, total);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Every live resource of a patient of the given types (the input of a patient snapshot). */
    public List<StoredResource> currentForPatient(String patientId, Collection<String> types) {
        List<StoredResource> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT res_type, res_id, version, last_updated, deleted, raw FROM fhir_resource "
                        + "WHERE patient_id = ? AND res_type = ANY(?::text[]) AND is_current AND NOT deleted ORDER BY res_type, res_id")) {
            ps.setString(1, patientId);
            ps.setArray(2, c.createArrayOf("text", types.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(stored(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return found;
    }

    /** The ids of the live resources of one type (e.g. every Patient, for a re-assessment of all). */
    public List<String> currentIds(String type) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT res_id FROM fhir_resource WHERE res_type = ? AND is_current AND NOT deleted ORDER BY res_id")) {
            ps.setString(1, type);
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

    /** Every stored version of a resource, oldest first (its history). */
    public List<StoredResource> versions(String type, String id) {
        List<StoredResource> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT res_type, res_id, version, last_updated, deleted, raw FROM fhir_resource WHERE res_type = ? AND res_id = ? "
                        + "ORDER BY version")) {
            ps.setString(1, type);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(stored(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return found;
    }

    private Optional<StoredResource> one(String sql, String type, String id, Integer version) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            ps.setString(2, id);
            if (version != null) {
                ps.setInt(3, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static StoredResource stored(ResultSet rs) throws SQLException {
        return new StoredResource(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant(),
                rs.getBoolean(5), rs.getString(6));
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof String[] values) {
                ps.setArray(i + 1, c.createArrayOf("text", values));
            } else {
                ps.setObject(i + 1, args.get(i));
            }
        }
    }

    private static void setArray(Connection c, PreparedStatement ps, int index, String[] values) throws SQLException {
        if (values == null || values.length == 0) {
            ps.setNull(index, Types.ARRAY);
        } else {
            ps.setArray(index, c.createArrayOf("text", values));
        }
    }
}

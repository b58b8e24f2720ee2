package org.bonemonitor.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.platform.ApiProblem;
import org.bonemonitor.record.StoreException;

/** CDS Hooks feedback (accepted / overridden cards): stored as received, listed for the ops API. */
@ApplicationScoped
public class CdsFeedbackService {

    static final int MAX_LIST = 500;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    CdsHookService hooks;

    record Item(String card, String outcome, List<String> accepted, String reasonSystem, String reasonCode, String reasonDisplay,
            String comment, Instant outcomeTimestamp) {
    }

    /** Validates the whole body first, then stores every item in one batch. */
    public void record(String serviceId, JsonNode body) {
        if (hooks.catalog().service(serviceId).isEmpty()) {
            throw CdsException.unknownService(serviceId);
        }
        JsonNode feedback = body == null ? null : body.get("feedback");
        if (feedback == null || !feedback.isArray() || feedback.isEmpty()) {
            throw CdsException.badRequest("'feedback' must be a non-empty array");
        }
        List<Item> items = new ArrayList<>();
        for (JsonNode f : feedback) {
            String card = text(f, "card");
            String outcome = text(f, "outcome");
            String ts = text(f, "outcomeTimestamp");
            if (card == null || outcome == null || ts == null) {
                throw CdsException.badRequest("each feedback item needs 'card', 'outcome' and 'outcomeTimestamp'");
            }
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                throw CdsException.badRequest("'outcome' must be 'accepted' or 'overridden'");
            }
            Instant when;
            try {
                when = OffsetDateTime.parse(ts).toInstant();
            } catch (DateTimeParseException e) {
                throw CdsException.badRequest("'outcomeTimestamp' must be an ISO 8601 instant with an offset");
            }
            List<String> accepted = new ArrayList<>();
            JsonNode acc = f.get("acceptedSuggestions");
            if (acc != null && acc.isArray()) {
                for (JsonNode a : acc) {
                    String id = text(a, "id");
                    if (id == null) {
                        throw CdsException.badRequest("each accepted suggestion needs an 'id'");
                    }
                    accepted.add(id);
                }
            }
            JsonNode override = f.get("overrideReason");
            JsonNode reason = override == null ? null : override.get("reason");
            items.add(new Item(card, outcome, accepted, text(reason, "system"), text(reason, "code"), text(reason, "display"),
                    text(override, "userComment"), when));
        }
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO cds_feedback "
                + "(service_id, card_uuid, outcome, accepted_suggestions, override_system, override_code, override_display, "
                + "override_comment, outcome_timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Item i : items) {
                ps.setString(1, serviceId);
                ps.setString(2, i.card());
                ps.setString(3, i.outcome());
                ps.setArray(4, i.accepted().isEmpty() ? null : c.createArrayOf("text", i.accepted().toArray()));
                ps.setString(5, i.reasonSystem());
                ps.setString(6, i.reasonCode());
                ps.setString(7, i.reasonDisplay());
                ps.setString(8, i.comment());
                ps.setTimestamp(9, Timestamp.from(i.outcomeTimestamp()));
                ps.setTimestamp(10, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The newest feedback first, optionally for one card. */
    public ObjectNode list(String card, String limitParam) {
        int limit = 100;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("'limit' must be a whole number from 1 to " + MAX_LIST);
            }
            if (limit < 1 || limit > MAX_LIST) {
                throw ApiProblem.badRequest("'limit' must be a whole number from 1 to " + MAX_LIST);
            }
        }
        if (card != null && (card.isBlank() || card.length() > 128)) {
            throw ApiProblem.badRequest("'card' must be a card uuid");
        }
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("feedback");
        String sql = "SELECT id, service_id, card_uuid, outcome, accepted_suggestions, override_system, override_code, "
                + "override_display, override_comment, outcome_timestamp, received_at FROM cds_feedback"
                + (card == null ? "" : " WHERE card_uuid = ?") + " ORDER BY received_at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            if (card != null) {
                ps.setString(p++, card);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode row = list.addObject();
                    row.put("id", rs.getLong(1));
                    row.put("serviceId", rs.getString(2));
                    row.put("card", rs.getString(3));
                    row.put("outcome", rs.getString(4));
                    Array accepted = rs.getArray(5);
                    if (accepted != null) {
                        ArrayNode ids = row.putArray("acceptedSuggestions");
                        for (Object id : (Object[]) accepted.getArray()) {
                            ids.add((String) id);
                        }
                    }
                    if (rs.getString(7) != null || rs.getString(9) != null) {
                        ObjectNode reason = row.putObject("overrideReason");
                        if (rs.getString(7) != null) {
                            ObjectNode coding = reason.putObject("reason");
                            putIf(coding, "system", rs.getString(6));
                            coding.put("code", rs.getString(7));
                            putIf(coding, "display", rs.getString(8));
                        }
                        putIf(reason, "userComment", rs.getString(9));
                    }
                    row.put("outcomeTimestamp", rs.getTimestamp(10).toInstant().toString());
                    row.put("receivedAt", rs.getTimestamp(11).toInstant().toString());
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    /** Feedback counts for the ops summary: accepted vs overridden, and the most frequent override reasons. */
    public ObjectNode summary(int topReasons) {
        ObjectNode out = mapper.createObjectNode();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE outcome = 'accepted'), "
                    + "count(*) FILTER (WHERE outcome = 'overridden') FROM cds_feedback"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.put("accepted", rs.getLong(1));
                out.put("overridden", rs.getLong(2));
            }
            ArrayNode reasons = out.putArray("topOverrideReasons");
            try (PreparedStatement ps = c.prepareStatement("SELECT override_code, max(override_display), count(*) FROM cds_feedback "
                    + "WHERE outcome = 'overridden' AND override_code IS NOT NULL GROUP BY override_code ORDER BY 3 DESC, 1 LIMIT ?")) {
                ps.setInt(1, topReasons);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode r = reasons.addObject();
                        r.put("code", rs.getString(1));
                        putIf(r, "display", rs.getString(2));
                        r.put("count", rs.getLong(3));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}

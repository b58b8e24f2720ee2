package org.bonemonitor.record;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of one search on the typed and search columns, as SQL. Each method adds one
 * parameter occurrence (AND); its list of values are alternatives (OR), as FHIR's comma.
 */
public final class SearchCriteria {

    /** FHIR R4 date prefixes (ap is not supported). */
    public enum Prefix { EQ, NE, GT, LT, GE, LE, SA, EB }

    /** One date alternative: a prefix and the range the value's precision covers. */
    public record DateValue(Prefix prefix, DateRange range) {
    }

    /** A sort key: the type's date parameter, _lastUpdated or _id. */
    public enum SortKey { DATE, LAST_UPDATED, ID }

    public record Sort(SortKey key, boolean descending) {
    }

    final String type;
    final StringBuilder where = new StringBuilder(" FROM fhir_resource WHERE res_type = ? AND is_current AND NOT deleted");
    final List<Object> args = new ArrayList<>();
    final List<Sort> sort = new ArrayList<>();

    public SearchCriteria(String type) {
        this.type = type;
        args.add(type);
    }

    public SearchCriteria idIn(List<String> ids) {
        return anyOf("res_id", ids);
    }

    public SearchCriteria patientIn(List<String> ids) {
        return anyOf("patient_id", ids);
    }

    public SearchCriteria statusIn(List<String> codes) {
        return anyOf("status", codes);
    }

    /** Rows carrying any of the given search tokens (see {@link SearchParameters#queryToken}). */
    public SearchCriteria tokensAny(List<String> tokens) {
        where.append(" AND search_tokens && ?::text[]");
        args.add(tokens.toArray(String[]::new));
        return this;
    }

    /** Rows whose date-parameter range matches any of the values. */
    public SearchCriteria dateAny(List<DateValue> values) {
        return dates("date_low", "date_high", values);
    }

    /** Rows whose last_updated matches any of the values (an instant: a microsecond wide). */
    public SearchCriteria lastUpdatedAny(List<DateValue> values) {
        return dates("last_updated", "(last_updated + interval '1 microsecond')", values);
    }

    public SearchCriteria sortBy(Sort key) {
        sort.add(key);
        return this;
    }

    String orderBy() {
        StringBuilder order = new StringBuilder(" ORDER BY ");
        for (Sort s : sort) {
            String column = switch (s.key()) {
                case DATE -> "date_low";
                case LAST_UPDATED -> "last_updated";
                case ID -> "res_id";
            };
            order.append(column).append(s.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ");
        }
        return order.append("last_updated, res_id").toString();
    }

    private SearchCriteria anyOf(String column, List<String> values) {
        where.append(" AND ").append(column).append(" = ANY(?::text[])");
        args.add(values.toArray(String[]::new));
        return this;
    }

    private SearchCriteria dates(String low, String high, List<DateValue> values) {
        where.append(" AND (");
        for (int i = 0; i < values.size(); i++) {
            DateValue v = values.get(i);
            OffsetDateTime pl = v.range().low().atOffset(ZoneOffset.UTC);
            OffsetDateTime ph = v.range().high().atOffset(ZoneOffset.UTC);
            String contained = "(" + low + " >= ? AND " + high + " <= ?)";
            // R4: target range [low, high) against the value's range [pl, ph)
            String sql = switch (v.prefix()) {
                case EQ -> contained;
                case NE -> "NOT " + contained;
                case GT -> high + " > ?";
                case LT -> low + " < ?";
                case GE -> "(" + high + " > ? OR " + contained + ")";
                case LE -> "(" + low + " < ? OR " + contained + ")";
                case SA -> low + " >= ?";
                case EB -> high + " <= ?";
            };
            switch (v.prefix()) {
                case EQ, NE -> {
                    args.add(pl);
                    args.add(ph);
                }
                case GT, SA -> args.add(ph);
                case LT, EB -> args.add(pl);
                case GE -> {
                    args.add(ph);
                    args.add(pl);
                    args.add(ph);
                }
                case LE -> {
                    args.add(pl);
                    args.add(pl);
                    args.add(ph);
                }
            }
            where.append(i == 0 ? "" : " OR ").append(sql);
        }
        where.append(")");
        return this;
    }
}

package org.bonemonitor.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FHIR date, dateTime or instant as the half-open range of instants its precision covers
 * ("2026" is all of 2026, "2026-03-04T10:15:00Z" one second). A value without a time zone is read
 * in UTC. Searches compare these ranges as FHIR R4 defines the prefixes.
 */
public record DateRange(Instant low, Instant high) {

    /** Stands for "no bound" of an open Period; inside PostgreSQL's timestamp range. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

    /** The range of a FHIR date/dateTime/instant text, or empty when it is not one. */
    public static Optional<DateRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(2) == null) {
                LocalDate start = LocalDate.of(year, 1, 1);
                return Optional.of(days(start, start.plusYears(1)));
            }
            int month = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                LocalDate start = LocalDate.of(year, month, 1);
                return Optional.of(days(start, start.plusMonths(1)));
            }
            LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return Optional.of(days(day, day.plusDays(1)));
            }
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7).substring(1) + "00000000").substring(0, 9));
            LocalDateTime local = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), second, nanos);
            ZoneOffset zone = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
            Instant low = local.toInstant(zone);
            ChronoUnit unit = m.group(7) != null ? ChronoUnit.MILLIS : m.group(6) != null ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
            return Optional.of(new DateRange(low, low.plus(1, unit)));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The smallest range covering both. */
    public DateRange span(DateRange other) {
        return new DateRange(low.isBefore(other.low) ? low : other.low, high.isAfter(other.high) ? high : other.high);
    }

    private static DateRange days(LocalDate from, LocalDate to) {
        return new DateRange(from.atStartOfDay().toInstant(ZoneOffset.UTC), to.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}

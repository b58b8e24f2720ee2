package org.bonemonitor.snapshot;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * §0 Dates: a dateTime is read as the calendar date written in it, with no time-zone shift; D3:
 * partial dates ({@code 2025-03}) take their first day.
 */
final class FhirDates {

    private FhirDates() {
    }

    static Optional<LocalDate> parse(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        String v = s.trim();
        try {
            if (v.length() >= 10) {
                return Optional.of(LocalDate.parse(v.substring(0, 10)));
            }
            if (v.length() == 7) {
                return Optional.of(LocalDate.parse(v + "-01"));
            }
            if (v.length() == 4) {
                return Optional.of(LocalDate.parse(v + "-01-01"));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static Optional<LocalDate> of(BaseDateTimeType t) {
        return t == null || t.isEmpty() ? Optional.empty() : parse(t.getValueAsString());
    }

    static Optional<LocalDate> start(Period p) {
        return p == null ? Optional.empty() : of(p.getStartElement());
    }

    static Optional<LocalDate> end(Period p) {
        return p == null ? Optional.empty() : of(p.getEndElement());
    }

    /** The start of a dateTime / Period / instant choice. */
    static Optional<LocalDate> startOf(Type t) {
        if (t instanceof BaseDateTimeType dt) {
            return of(dt);
        }
        if (t instanceof Period p) {
            return start(p);
        }
        return Optional.empty();
    }

    @SafeVarargs
    static Optional<LocalDate> firstPresent(Optional<LocalDate>... candidates) {
        for (Optional<LocalDate> c : candidates) {
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }
}

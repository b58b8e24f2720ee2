package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

/**
 * A birth date, possibly partial: every possible birth date lies in [earliest, latest]
 * (§0 Age: with a partial birth date a risk factor is decided only when every possible date agrees).
 */
public record BirthDate(LocalDate earliest, LocalDate latest) {

    public BirthDate {
        Objects.requireNonNull(earliest);
        Objects.requireNonNull(latest);
        if (latest.isBefore(earliest)) {
            throw new IllegalArgumentException("latest before earliest");
        }
    }

    public static BirthDate exactly(LocalDate date) {
        return new BirthDate(date, date);
    }

    public static BirthDate ofYear(int year) {
        return new BirthDate(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    public static BirthDate ofYearMonth(int year, int month) {
        LocalDate first = LocalDate.of(year, month, 1);
        return new BirthDate(first, first.withDayOfMonth(first.lengthOfMonth()));
    }

    public boolean isExact() {
        return earliest.equals(latest);
    }

    /** Completed years on {@code date} for the oldest possible birth date (§0: Period.between). */
    public int maxAgeOn(LocalDate date) {
        return Period.between(earliest, date).getYears();
    }

    /** Completed years on {@code date} for the youngest possible birth date. */
    public int minAgeOn(LocalDate date) {
        return Period.between(latest, date).getYears();
    }

    @Override
    public String toString() {
        return isExact() ? earliest.toString() : earliest + ".." + latest;
    }
}

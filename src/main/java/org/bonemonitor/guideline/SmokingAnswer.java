package org.bonemonitor.guideline;

import java.time.LocalDate;

/** A smoking-status answer (RF7) on a date. */
public record SmokingAnswer(String sourceId, LocalDate date, Category category) {

    /** Ordered by severity for same-day ties (§5: current &gt; former &gt; never). */
    public enum Category { OTHER, NEVER, FORMER, CURRENT }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;

/** A recorded menopausal state (D6), from a Condition or an Observation. */
public record MenopausalRecord(String sourceId, LocalDate date, boolean premenopausal) {
}

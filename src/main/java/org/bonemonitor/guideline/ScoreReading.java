package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A T- or Z-score with its site, date and source Observation (A3). */
public record ScoreReading(BigDecimal value, DxaSite site, LocalDate date, String sourceId) {
}

package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The lab value a status was derived from. */
public record LabReading(BigDecimal value, String unit, LocalDate date, String sourceId) {
    static LabReading of(LabResult r) {
        return new LabReading(r.value(), r.unit(), r.date(), r.sourceId());
    }
}

package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The lab value a status was derived from.
 *
 * @param how how the value was obtained when it is not one result as measured (§6 A7: "computed with CKD-EPI 2021 from
 *            creatinine 2.0 mg/dL", "25-OH D3 + D2"), else empty
 */
public record LabReading(BigDecimal value, String unit, LocalDate date, String sourceId, String how) {

    public LabReading(BigDecimal value, String unit, LocalDate date, String sourceId) {
        this(value, unit, date, sourceId, "");
    }

    static LabReading of(LabResult r) {
        return new LabReading(r.value(), r.unit(), r.date(), r.sourceId());
    }

    /** " (computed …)" for a derived value, else nothing: for reasons. */
    String howSuffix() {
        return how.isEmpty() ? "" : ", " + how;
    }
}

package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One DXA value (A1): a T-score, Z-score or BMD in g/cm² at a site on a date.
 *
 * @param sourceId the Observation it came from, e.g. {@code Observation/abc}
 * @param code     the LOINC code of the value (the observation's or the component's)
 * @param device   Observation.device (reference or display), when named (§6 A5 comparability)
 */
public record DxaResult(String sourceId, LocalDate date, DxaSite site, Measure measure, BigDecimal value, String code,
        java.util.Optional<String> device) {

    public enum Measure { T_SCORE, Z_SCORE, BMD }

    public DxaResult {
        Objects.requireNonNull(sourceId);
        Objects.requireNonNull(date);
        Objects.requireNonNull(site);
        Objects.requireNonNull(measure);
        Objects.requireNonNull(value);
        code = code == null ? "" : code;
        device = device == null ? java.util.Optional.empty() : device;
    }

    public DxaResult(String sourceId, LocalDate date, DxaSite site, Measure measure, BigDecimal value, String code) {
        this(sourceId, date, site, measure, value, code, java.util.Optional.empty());
    }
}

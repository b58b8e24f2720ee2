package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A numeric observation the rules read: labs, body measurements, AUDIT-C. The snapshot builder
 * canonicalises units: vitamin D {@code ng/mL} or {@code nmol/L} (A7 converts), calcium
 * {@code mg/dL} or {@code mmol/L}, weight {@code kg}, height {@code cm}, BMI {@code kg/m2}.
 *
 * @param referenceLow      the lower bound of the result's reference range, in the same unit
 * @param albuminCorrected  calcium corrected for albumin (LOINC 29265-6)
 */
public record LabResult(String sourceId, Kind kind, String code, LocalDate date, BigDecimal value, String unit,
        Optional<BigDecimal> referenceLow, boolean albuminCorrected) {

    public static final String NG_PER_ML = "ng/mL";
    public static final String NMOL_PER_L = "nmol/L";
    public static final String MG_PER_DL = "mg/dL";
    public static final String MMOL_PER_L = "mmol/L";
    public static final String KG = "kg";
    public static final String CM = "cm";
    public static final String KG_PER_M2 = "kg/m2";
    public static final String EGFR_UNIT = "mL/min/1.73m2";

    public static final String UMOL_PER_L = "umol/L";

    /** VITAMIN_D2: 25-OH vitamin D2 alone (LOINC 1990-1), summed with a D3-only result of its date (§6 A7). */
    public enum Kind { VITAMIN_D, VITAMIN_D2, CALCIUM, CREATININE, EGFR, ESTRADIOL, PTH, BMI, WEIGHT, HEIGHT, AUDIT_C }

    public LabResult {
        Objects.requireNonNull(sourceId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(date);
        Objects.requireNonNull(value);
        code = code == null ? "" : code;
        unit = unit == null ? "" : unit;
        referenceLow = referenceLow == null ? Optional.empty() : referenceLow;
    }

    public static LabResult of(String sourceId, Kind kind, LocalDate date, String value, String unit) {
        return new LabResult(sourceId, kind, "", date, new BigDecimal(value), unit, Optional.empty(), false);
    }
}

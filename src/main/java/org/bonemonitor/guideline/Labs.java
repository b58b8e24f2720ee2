package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A7: vitamin D, calcium and renal status, and the latest-result helpers the other rules share. */
final class Labs {

    /** A7 [ENDO-2011]: 1 ng/mL of 25-OH vitamin D = 2.496 nmol/L. */
    static final BigDecimal VITAMIN_D_NMOL_PER_NG = new BigDecimal("2.496");
    /** A7 [ENDO-2011]: below 20 ng/mL is deficient. */
    static final BigDecimal VITAMIN_D_DEFICIENT_BELOW = new BigDecimal("20");
    /** A7 [ENDO-2011]: 20 to below 30 ng/mL is insufficient. */
    static final BigDecimal VITAMIN_D_SUFFICIENT_FROM = new BigDecimal("30");
    /** A7: results within this many months count (also M3, M4). */
    static final int LAB_WINDOW_MONTHS = 12;
    /** A7: serum calcium below 8.5 mg/dL is low when the result gives no reference range (*service default*). */
    static final BigDecimal CALCIUM_LOW_MG_DL = new BigDecimal("8.5");
    /** A7: the same limit in mmol/L. */
    static final BigDecimal CALCIUM_LOW_MMOL_L = new BigDecimal("2.12");
    /** A7 [PROLIA-LABEL; bisphosphonate labels]: eGFR below 35 mL/min/1.73 m² is reduced. */
    static final BigDecimal EGFR_REDUCED_BELOW = new BigDecimal("35");
    /** A7 [PROLIA-LABEL]: eGFR below 30 is severely reduced. */
    static final BigDecimal EGFR_SEVERE_BELOW = new BigDecimal("30");

    private Labs() {
    }

    /** The latest result of a kind in [from, to]; on a same-day tie the lowest value (§5), then the smallest id. */
    static Optional<LabResult> latestLowest(List<LabResult> labs, LabResult.Kind kind, LocalDate from, LocalDate to) {
        return labs.stream().filter(l -> l.kind() == kind && !l.date().isBefore(from) && !l.date().isAfter(to))
                .max(Comparator.comparing(LabResult::date)
                        .thenComparing(LabResult::value, Comparator.reverseOrder())
                        .thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
    }

    /** The latest result of a kind in [from, to]; on a same-day tie the highest value (§5 M9). */
    static Optional<LabResult> latestHighest(List<LabResult> labs, LabResult.Kind kind, LocalDate from, LocalDate to) {
        return labs.stream().filter(l -> l.kind() == kind && !l.date().isBefore(from) && !l.date().isAfter(to))
                .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::value)
                        .thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
    }

    /** A7: 25-OH vitamin D in ng/mL (nmol/L ÷ 2.496). */
    static BigDecimal vitaminDNgPerMl(LabResult r) {
        return LabResult.NMOL_PER_L.equals(r.unit()) ? r.value().divide(VITAMIN_D_NMOL_PER_NG, MathContext.DECIMAL64) : r.value();
    }

    static LabStatus<LabStatus.VitaminD> vitaminD(List<LabResult> labs, LocalDate asOf) {
        Optional<LabResult> latest = latestLowestBy(labs, LabResult.Kind.VITAMIN_D, asOf.minusMonths(LAB_WINDOW_MONTHS), asOf);
        if (latest.isEmpty()) {
            return new LabStatus<>(LabStatus.VitaminD.UNKNOWN, Optional.empty());
        }
        BigDecimal ng = vitaminDNgPerMl(latest.get());
        LabStatus.VitaminD st = ng.compareTo(VITAMIN_D_DEFICIENT_BELOW) < 0 ? LabStatus.VitaminD.DEFICIENT
                : ng.compareTo(VITAMIN_D_SUFFICIENT_FROM) < 0 ? LabStatus.VitaminD.INSUFFICIENT : LabStatus.VitaminD.SUFFICIENT;
        return new LabStatus<>(st, Optional.of(LabReading.of(latest.get())));
    }

    /** Vitamin D results in mixed units compare by their ng/mL value. */
    private static Optional<LabResult> latestLowestBy(List<LabResult> labs, LabResult.Kind kind, LocalDate from, LocalDate to) {
        return labs.stream().filter(l -> l.kind() == kind && !l.date().isBefore(from) && !l.date().isAfter(to))
                .max(Comparator.comparing(LabResult::date)
                        .thenComparing(Labs::vitaminDNgPerMl, Comparator.reverseOrder())
                        .thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
    }

    /**
     * A7 calcium: the latest serum calcium within 12 months (albumin-corrected preferred on the same
     * date, §5 A7); below the result's reference range, or below 8.5 mg/dL (2.12 mmol/L) without one.
     */
    static LabStatus<LabStatus.Calcium> calcium(List<LabResult> labs, LocalDate asOf) {
        LocalDate from = asOf.minusMonths(LAB_WINDOW_MONTHS);
        Optional<LabResult> any = latestLowest(labs, LabResult.Kind.CALCIUM, from, asOf);
        if (any.isEmpty()) {
            return new LabStatus<>(LabStatus.Calcium.UNKNOWN, Optional.empty());
        }
        LocalDate day = any.get().date();
        List<LabResult> sameDay = labs.stream()
                .filter(l -> l.kind() == LabResult.Kind.CALCIUM && l.date().equals(day)).toList();
        List<LabResult> corrected = sameDay.stream().filter(LabResult::albuminCorrected).toList();
        LabResult r = latestLowest(corrected.isEmpty() ? sameDay : corrected, LabResult.Kind.CALCIUM, day, day).orElseThrow();
        boolean low;
        if (r.referenceLow().isPresent()) {
            low = r.value().compareTo(r.referenceLow().get()) < 0;
        } else {
            low = r.value().compareTo(LabResult.MMOL_PER_L.equals(r.unit()) ? CALCIUM_LOW_MMOL_L : CALCIUM_LOW_MG_DL) < 0;
        }
        return new LabStatus<>(low ? LabStatus.Calcium.LOW : LabStatus.Calcium.NORMAL, Optional.of(LabReading.of(r)));
    }

    /** A7 renal (§5): the latest eGFR within 12 months: below 35 reduced, below 30 severely reduced. */
    static LabStatus<LabStatus.Renal> renal(List<LabResult> labs, LocalDate asOf) {
        Optional<LabResult> latest = latestLowest(labs, LabResult.Kind.EGFR, asOf.minusMonths(LAB_WINDOW_MONTHS), asOf);
        if (latest.isEmpty()) {
            return new LabStatus<>(LabStatus.Renal.UNKNOWN, Optional.empty());
        }
        BigDecimal v = latest.get().value();
        LabStatus.Renal st = v.compareTo(EGFR_SEVERE_BELOW) < 0 ? LabStatus.Renal.SEVERELY_REDUCED
                : v.compareTo(EGFR_REDUCED_BELOW) < 0 ? LabStatus.Renal.REDUCED : LabStatus.Renal.NORMAL;
        return new LabStatus<>(st, Optional.of(LabReading.of(latest.get())));
    }
}

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
    /** §6 A7: D3-only 25-OH vitamin D results (1989-3 mass, 14635-7 moles); every other lab-25ohd code is a total. */
    static final java.util.Set<String> VITAMIN_D3_ONLY_LOINC = java.util.Set.of("1989-3", "14635-7");
    /** §6 A7: serum creatinine µmol/L per mg/dL. */
    static final double CREATININE_UMOL_PER_MG_DL = 88.4;
    /** [CKD-EPI-2021] the equation's constants. */
    static final double CKD_EPI_FACTOR = 142;
    static final double CKD_EPI_KAPPA_FEMALE = 0.7;
    static final double CKD_EPI_KAPPA_MALE = 0.9;
    static final double CKD_EPI_ALPHA_FEMALE = -0.241;
    static final double CKD_EPI_ALPHA_MALE = -0.302;
    static final double CKD_EPI_EXPONENT_HIGH = -1.200;
    static final double CKD_EPI_AGE_BASE = 0.9938;
    static final double CKD_EPI_FEMALE_FACTOR = 1.012;

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
        // D2 results are read in the same units as D3 and totals
        return LabResult.NMOL_PER_L.equals(r.unit()) ? r.value().divide(VITAMIN_D_NMOL_PER_NG, MathContext.DECIMAL64) : r.value();
    }

    /**
     * A7 (§6): the latest 25-OH vitamin D within 12 months, in ng/mL. On a date with a total result
     * the (lowest) total is used; D3-only results count only on dates without one, summed with a
     * 25-OH D2 result of the same date when present.
     */
    static LabStatus<LabStatus.VitaminD> vitaminD(List<LabResult> labs, LocalDate asOf) {
        LocalDate from = asOf.minusMonths(LAB_WINDOW_MONTHS);
        Optional<LocalDate> day = labs.stream().filter(l -> l.kind() == LabResult.Kind.VITAMIN_D && !l.date().isBefore(from)
                && !l.date().isAfter(asOf)).map(LabResult::date).max(Comparator.naturalOrder());
        if (day.isEmpty()) {
            return new LabStatus<>(LabStatus.VitaminD.UNKNOWN, Optional.empty());
        }
        List<LabResult> ofDay = labs.stream().filter(l -> l.kind() == LabResult.Kind.VITAMIN_D && l.date().equals(day.get())).toList();
        List<LabResult> totals = ofDay.stream().filter(l -> !VITAMIN_D3_ONLY_LOINC.contains(l.code())).toList();
        LabReading reading;
        if (!totals.isEmpty()) {
            reading = LabReading.of(latestLowestBy(totals, LabResult.Kind.VITAMIN_D, day.get(), day.get()).orElseThrow());
        } else {
            LabResult d3 = latestLowestBy(ofDay, LabResult.Kind.VITAMIN_D, day.get(), day.get()).orElseThrow();
            Optional<LabResult> d2 = latestLowestBy(labs, LabResult.Kind.VITAMIN_D2, day.get(), day.get());
            reading = d2.isEmpty() ? LabReading.of(d3)
                    : new LabReading(vitaminDNgPerMl(d3).add(vitaminDNgPerMl(d2.get())).setScale(1, java.math.RoundingMode.HALF_UP),
                            LabResult.NG_PER_ML, day.get(), d3.sourceId(), "25-OH D3 + D2 (" + d2.get().sourceId() + ")");
        }
        BigDecimal ng = LabResult.NMOL_PER_L.equals(reading.unit())
                ? reading.value().divide(VITAMIN_D_NMOL_PER_NG, MathContext.DECIMAL64) : reading.value();
        LabStatus.VitaminD st = ng.compareTo(VITAMIN_D_DEFICIENT_BELOW) < 0 ? LabStatus.VitaminD.DEFICIENT
                : ng.compareTo(VITAMIN_D_SUFFICIENT_FROM) < 0 ? LabStatus.VitaminD.INSUFFICIENT : LabStatus.VitaminD.SUFFICIENT;
        return new LabStatus<>(st, Optional.of(reading));
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

    /**
     * A7 renal (§5, §6): the latest eGFR within 12 months; without one, the eGFR computed with CKD-EPI
     * 2021 from the latest serum creatinine within 12 months (needs the age and a male/female gender).
     * Below 35 reduced, below 30 severely reduced.
     */
    static LabStatus<LabStatus.Renal> renal(List<LabResult> labs, Optional<BirthDate> birthDate, Gender gender, LocalDate asOf) {
        LocalDate from = asOf.minusMonths(LAB_WINDOW_MONTHS);
        Optional<LabReading> reading = latestLowest(labs, LabResult.Kind.EGFR, from, asOf).map(LabReading::of)
                .or(() -> latestLowest(labs, LabResult.Kind.CREATININE, from, asOf).flatMap(c -> ckdEpi2021(c, birthDate, gender)));
        if (reading.isEmpty()) {
            return new LabStatus<>(LabStatus.Renal.UNKNOWN, Optional.empty());
        }
        BigDecimal v = reading.get().value();
        LabStatus.Renal st = v.compareTo(EGFR_SEVERE_BELOW) < 0 ? LabStatus.Renal.SEVERELY_REDUCED
                : v.compareTo(EGFR_REDUCED_BELOW) < 0 ? LabStatus.Renal.REDUCED : LabStatus.Renal.NORMAL;
        return new LabStatus<>(st, reading);
    }

    /**
     * [CKD-EPI-2021] eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 (female),
     * κ 0.7 / 0.9 and α −0.241 / −0.302 for female / male; Scr in mg/dL (µmol/L ÷ 88.4); age in completed
     * years on the day of the result. Rounded to one decimal, as reported, before it is compared.
     */
    static Optional<LabReading> ckdEpi2021(LabResult creatinine, Optional<BirthDate> birthDate, Gender gender) {
        if (birthDate.isEmpty() || (gender != Gender.FEMALE && gender != Gender.MALE)) {
            return Optional.empty();
        }
        int age = birthDate.get().minAgeOn(creatinine.date());
        if (age != birthDate.get().maxAgeOn(creatinine.date()) || creatinine.value().signum() <= 0) {
            return Optional.empty();
        }
        boolean molar = creatinine.unit().toLowerCase(java.util.Locale.ROOT).contains("mol");
        double scr = molar ? creatinine.value().doubleValue() / CREATININE_UMOL_PER_MG_DL : creatinine.value().doubleValue();
        boolean female = gender == Gender.FEMALE;
        double kappa = female ? CKD_EPI_KAPPA_FEMALE : CKD_EPI_KAPPA_MALE;
        double alpha = female ? CKD_EPI_ALPHA_FEMALE : CKD_EPI_ALPHA_MALE;
        double ratio = scr / kappa;
        double egfr = CKD_EPI_FACTOR * Math.pow(Math.min(ratio, 1), alpha) * Math.pow(Math.max(ratio, 1), CKD_EPI_EXPONENT_HIGH)
                * Math.pow(CKD_EPI_AGE_BASE, age) * (female ? CKD_EPI_FEMALE_FACTOR : 1);
        BigDecimal value = BigDecimal.valueOf(egfr).setScale(1, java.math.RoundingMode.HALF_UP);
        return Optional.of(new LabReading(value, LabResult.EGFR_UNIT, creatinine.date(), creatinine.sourceId(),
                "computed with CKD-EPI 2021 from creatinine " + Text.num(creatinine.value()) + " " + creatinine.unit()));
    }
}

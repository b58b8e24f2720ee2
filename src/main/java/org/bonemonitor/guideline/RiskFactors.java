package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bonemonitor.terminology.Groups;

/** A4: the risk factors of [HADJI-2017], each present, absent or unknown with a reason. */
final class RiskFactors {

    /** RF1: current T-score below −1.5 [HADJI-2017 Table 3]. */
    static final BigDecimal RF1_TSCORE_BELOW = new BigDecimal("-1.5");
    /** RF2: age over 65 years [HADJI-2017]: present from the 66th birthday (§0). */
    static final int RF2_AGE_OVER = 65;
    /** RF3: BMI below 20 kg/m² [HADJI-2017]. */
    static final BigDecimal RF3_BMI_BELOW = new BigDecimal("20");
    /** RF3: BMI / weight must be within this many months (A4). */
    static final int RF3_MEASUREMENT_MONTHS = 24;
    /** RF3 (§5): "adult" height: measured at 18 or older. */
    static final int ADULT_AGE = 18;
    /** RF5: fragility fracture at age 50 or over [HADJI-2017]. */
    static final int RF5_MIN_AGE = 50;
    /** RF6: more than 6 months of oral glucocorticoids [HADJI-2017]: more than 182 days (A4). */
    static final long RF6_MIN_DAYS_EXCLUSIVE = 182;
    /** RF6: glucocorticoid exposure is summed over this many months before the evaluation date (A4). */
    static final int RF6_LOOKBACK_MONTHS = 24;

    private RiskFactors() {
    }

    static RiskFactorFinding rf1(Optional<ScoreReading> current) {
        if (current.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF1, FactorStatus.UNKNOWN, "no DXA T-score within 24 months", List.of());
        }
        ScoreReading t = current.get();
        boolean present = t.value().compareTo(RF1_TSCORE_BELOW) < 0;
        return new RiskFactorFinding(RiskFactor.RF1, present ? FactorStatus.PRESENT : FactorStatus.ABSENT,
                "lowest T-score " + Text.score(t) + (present ? " is below " : " is not below ") + Text.num(RF1_TSCORE_BELOW),
                List.of(t.sourceId()));
    }

    static RiskFactorFinding rf2(Optional<BirthDate> birthDate, LocalDate asOf) {
        if (birthDate.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF2, FactorStatus.UNKNOWN, "no birth date recorded", List.of());
        }
        BirthDate b = birthDate.get();
        if (b.minAgeOn(asOf) > RF2_AGE_OVER) {
            return new RiskFactorFinding(RiskFactor.RF2, FactorStatus.PRESENT,
                    "age " + b.minAgeOn(asOf) + " (born " + b + ") is over " + RF2_AGE_OVER, List.of());
        }
        if (b.maxAgeOn(asOf) <= RF2_AGE_OVER) {
            return new RiskFactorFinding(RiskFactor.RF2, FactorStatus.ABSENT,
                    "age " + b.maxAgeOn(asOf) + " (born " + b + ") is not over " + RF2_AGE_OVER, List.of());
        }
        return new RiskFactorFinding(RiskFactor.RF2, FactorStatus.UNKNOWN,
                "partial birth date " + b + ": age " + b.minAgeOn(asOf) + " or " + b.maxAgeOn(asOf), List.of());
    }

    static RiskFactorFinding rf3(List<LabResult> labs, Optional<BirthDate> birthDate, LocalDate asOf) {
        LocalDate from = asOf.minusMonths(RF3_MEASUREMENT_MONTHS);
        Optional<LabResult> bmi = Labs.latestLowest(labs, LabResult.Kind.BMI, from, asOf);
        if (bmi.isPresent()) {
            return rf3Of(bmi.get().value(), "BMI " + Text.num(bmi.get().value()) + " kg/m\u00b2 (" + bmi.get().date() + ")",
                    List.of(bmi.get().sourceId()));
        }
        Optional<LabResult> weight = Labs.latestLowest(labs, LabResult.Kind.WEIGHT, from, asOf);
        Optional<LabResult> height = labs.stream().filter(l -> l.kind() == LabResult.Kind.HEIGHT)
                .filter(l -> !l.date().isAfter(asOf))
                .filter(l -> birthDate.map(b -> b.minAgeOn(l.date()) >= ADULT_AGE).orElse(true))
                .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
        if (weight.isPresent() && height.isPresent() && height.get().value().signum() > 0) {
            BigDecimal m = height.get().value().divide(BigDecimal.valueOf(100), MathContext.DECIMAL64);
            BigDecimal value = weight.get().value().divide(m.multiply(m), MathContext.DECIMAL64);
            return rf3Of(value, "BMI " + Text.num1(value) + " kg/m\u00b2 from weight " + Text.num(weight.get().value())
                    + " kg (" + weight.get().date() + ") and height " + Text.num(height.get().value()) + " cm",
                    List.of(weight.get().sourceId(), height.get().sourceId()));
        }
        return new RiskFactorFinding(RiskFactor.RF3, FactorStatus.UNKNOWN,
                "no BMI, or weight and height, within 24 months", List.of());
    }

    private static RiskFactorFinding rf3Of(BigDecimal bmi, String what, List<String> ids) {
        boolean present = bmi.compareTo(RF3_BMI_BELOW) < 0;
        return new RiskFactorFinding(RiskFactor.RF3, present ? FactorStatus.PRESENT : FactorStatus.ABSENT,
                what + (present ? " is below " : " is not below ") + RF3_BMI_BELOW, ids);
    }

    /** RF4 (§5): a Condition coded family-hip-fracture, or a parent's FamilyMemberHistory of hip fracture. */
    static RiskFactorFinding rf4(PatientSnapshot s) {
        List<String> ids = new ArrayList<>();
        s.conditions().stream().filter(c -> c.in(Groups.FAMILY_HIP_FRACTURE)).forEach(c -> ids.add(c.sourceId()));
        s.familyHistory().stream().filter(f -> f.parent() && f.conditionGroups().contains(Groups.FRACTURE_HIP))
                .forEach(f -> ids.add(f.sourceId()));
        if (!ids.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF4, FactorStatus.PRESENT,
                    "family history of hip fracture in a parent (" + sortedJoin(ids) + ")", sorted(ids));
        }
        // §5 A8 choice: unknown per dependency (RF4: conditions / family history); a positive record still counts
        if (s.isUnobtainable(DataKind.CONDITIONS)) {
            return new RiskFactorFinding(RiskFactor.RF4, FactorStatus.UNKNOWN,
                    "conditions and family history could not be obtained", List.of());
        }
        return new RiskFactorFinding(RiskFactor.RF4, FactorStatus.ABSENT, "no family history of hip fracture recorded", List.of());
    }

    /**
     * RF5: a fracture-* Condition with onset at age ≥ 50, or any osteoporotic-fracture code at any
     * age; a fracture without onset makes RF5 unknown unless an osteoporotic fracture is present (§5).
     */
    static RiskFactorFinding rf5(PatientSnapshot s) {
        LocalDate asOf = s.asOf();
        List<String> present = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (ConditionFact c : s.conditions()) {
            if (c.after(asOf)) {
                continue;
            }
            if (c.in(Groups.OSTEOPOROTIC_FRACTURE)) {
                present.add(c.sourceId());
                reasons.add("osteoporotic fracture (" + c.sourceId() + ")");
                continue;
            }
            if (!c.inGroupStartingWith(Groups.FRACTURE_PREFIX)) {
                continue;
            }
            Optional<Boolean> atFifty = onsetAtLeast(c, s.birthDate());
            if (atFifty.isEmpty()) {
                unknown.add(c.sourceId());
            } else if (atFifty.get()) {
                present.add(c.sourceId());
                reasons.add("fracture at age 50 or over (" + c.sourceId()
                        + c.onsetDate().map(d -> ", onset " + d).orElse("") + ")");
            }
        }
        if (!present.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF5, FactorStatus.PRESENT, String.join("; ", reasons), sorted(present));
        }
        if (!unknown.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF5, FactorStatus.UNKNOWN,
                    "fracture without a usable onset or birth date (" + sortedJoin(unknown) + ")", sorted(unknown));
        }
        if (s.isUnobtainable(DataKind.CONDITIONS)) {
            return new RiskFactorFinding(RiskFactor.RF5, FactorStatus.UNKNOWN, "conditions could not be obtained", List.of());
        }
        return new RiskFactorFinding(RiskFactor.RF5, FactorStatus.ABSENT, "no fragility fracture recorded", List.of());
    }

    /**
     * RF5 (§5, §6): the age at onset is at least 50; a hip or vertebral fracture without an onset is
     * dated by its recordedDate (§6). Empty when unknown.
     */
    private static Optional<Boolean> onsetAtLeast(ConditionFact c, Optional<BirthDate> birthDate) {
        if (c.onsetAgeYears().isPresent()) {
            return Optional.of(c.onsetAgeYears().get() >= RF5_MIN_AGE);
        }
        Optional<LocalDate> when = c.onsetDate().or(() -> datedByRecord(c) ? c.recordedDate() : Optional.empty());
        if (when.isEmpty() || birthDate.isEmpty()) {
            return Optional.empty();
        }
        BirthDate b = birthDate.get();
        LocalDate onset = when.get();
        if (b.minAgeOn(onset) >= RF5_MIN_AGE) {
            return Optional.of(true);
        }
        if (b.maxAgeOn(onset) < RF5_MIN_AGE) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** §6 A4 RF5: a hip or vertebral fracture without an onset counts by its recordedDate. */
    private static boolean datedByRecord(ConditionFact c) {
        return c.in(Groups.FRACTURE_HIP) || c.in(Groups.FRACTURE_VERTEBRAL);
    }

    /** §6 A4 RF5: fracture Conditions whose date is not on record (no onset, and no recordedDate where that counts): data gap. */
    static List<String> undatedFractures(PatientSnapshot s) {
        return s.conditions().stream().filter(c -> c.inGroupStartingWith(Groups.FRACTURE_PREFIX) && !c.in(Groups.OSTEOPOROTIC_FRACTURE))
                .filter(c -> c.onsetAgeYears().isEmpty() && c.onsetDate().isEmpty() && !(datedByRecord(c) && c.recordedDate().isPresent()))
                .map(ConditionFact::sourceId).sorted().toList();
    }

    /**
     * RF6 (§5): days in the union of the [start, end) intervals of systemic glucocorticoid evidence,
     * each clipped to the 24 months before the evaluation date (an open course ends at the
     * evaluation date); present when &gt; 182; or an active long-term-steroids Condition.
     */
    static RiskFactorFinding rf6(PatientSnapshot s) {
        LocalDate asOf = s.asOf();
        List<String> conditionIds = s.conditions().stream().filter(c -> c.in(Groups.LONG_TERM_STEROIDS) && c.isActive())
                .map(ConditionFact::sourceId).sorted().toList();
        LocalDate from = asOf.minusMonths(RF6_LOOKBACK_MONTHS);
        List<LocalDate[]> intervals = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (MedicationEvidence e : s.medications()) {
            // §6 A4 RF6: systemic courses only; a course without dates, or whose end is unknown, adds no days
            if (e.drug() != DrugClass.GLUCOCORTICOID || !TherapyEpisodes.countsAsExposure(e) || e.route() == MedicationEvidence.Route.LOCAL
                    || TherapyEpisodes.dateless(e)) {
                continue;
            }
            LocalDate start = TherapyEpisodes.start(e, asOf);
            LocalDate end = TherapyEpisodes.unknownEnd(e) ? start : TherapyEpisodes.end(e, asOf).orElse(asOf);
            if (end.isAfter(asOf)) {
                end = asOf;
            }
            if (start.isBefore(from)) {
                start = from;
            }
            if (start.isBefore(end)) {
                intervals.add(new LocalDate[] {start, end});
                ids.add(e.sourceId());
            }
        }
        long days = unionDays(intervals);
        if (days > RF6_MIN_DAYS_EXCLUSIVE) {
            return new RiskFactorFinding(RiskFactor.RF6, FactorStatus.PRESENT,
                    "systemic glucocorticoids for " + days + " days in the last 2 years (more than " + RF6_MIN_DAYS_EXCLUSIVE + ")",
                    sorted(ids));
        }
        if (!conditionIds.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF6, FactorStatus.PRESENT,
                    "long-term systemic steroid use recorded (" + String.join(", ", conditionIds) + ")", conditionIds);
        }
        if (s.isUnobtainable(DataKind.MEDICATIONS) || s.isUnobtainable(DataKind.CONDITIONS)) {
            return new RiskFactorFinding(RiskFactor.RF6, FactorStatus.UNKNOWN,
                    "medications or conditions could not be obtained", sorted(ids));
        }
        return new RiskFactorFinding(RiskFactor.RF6, FactorStatus.ABSENT,
                "systemic glucocorticoids for " + days + " days in the last 2 years (not more than " + RF6_MIN_DAYS_EXCLUSIVE + ")",
                sorted(ids));
    }

    static long unionDays(List<LocalDate[]> intervals) {
        List<LocalDate[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(a -> a[0]));
        long total = 0;
        LocalDate curStart = null;
        LocalDate curEnd = null;
        for (LocalDate[] iv : sorted) {
            if (curStart == null || iv[0].isAfter(curEnd)) {
                if (curStart != null) {
                    total += ChronoUnit.DAYS.between(curStart, curEnd);
                }
                curStart = iv[0];
                curEnd = iv[1];
            } else if (iv[1].isAfter(curEnd)) {
                curEnd = iv[1];
            }
        }
        if (curStart != null) {
            total += ChronoUnit.DAYS.between(curStart, curEnd);
        }
        return total;
    }

    /** RF7 (§5): the latest answer by date (most severe on a tie); current/former present, never absent. */
    static RiskFactorFinding rf7(List<SmokingAnswer> answers, LocalDate asOf) {
        Optional<SmokingAnswer> latest = latestSmoking(answers, asOf);
        if (latest.isEmpty()) {
            return new RiskFactorFinding(RiskFactor.RF7, FactorStatus.UNKNOWN, "no smoking status recorded", List.of());
        }
        SmokingAnswer a = latest.get();
        String when = " (" + a.date() + ")";
        return switch (a.category()) {
            case CURRENT -> new RiskFactorFinding(RiskFactor.RF7, FactorStatus.PRESENT, "current smoker" + when, List.of(a.sourceId()));
            case FORMER -> new RiskFactorFinding(RiskFactor.RF7, FactorStatus.PRESENT, "former smoker" + when, List.of(a.sourceId()));
            case NEVER -> new RiskFactorFinding(RiskFactor.RF7, FactorStatus.ABSENT, "never smoked" + when, List.of(a.sourceId()));
            case OTHER -> new RiskFactorFinding(RiskFactor.RF7, FactorStatus.UNKNOWN,
                    "smoking status answer is neither current, former nor never" + when, List.of(a.sourceId()));
        };
    }

    static Optional<SmokingAnswer> latestSmoking(List<SmokingAnswer> answers, LocalDate asOf) {
        return answers.stream().filter(a -> !a.date().isAfter(asOf))
                .max(Comparator.comparing(SmokingAnswer::date).thenComparing(SmokingAnswer::category)
                        .thenComparing(SmokingAnswer::sourceId, Comparator.reverseOrder()));
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().distinct().sorted().toList();
    }

    private static String sortedJoin(List<String> ids) {
        return sorted(ids).stream().collect(Collectors.joining(", "));
    }
}

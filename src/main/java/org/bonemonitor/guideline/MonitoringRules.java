package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** M1–M10: monitoring and lifestyle for an active episode, one method per RULES.md row. */
final class MonitoringRules {

    /** M2: first-year / higher-risk follow-up interval [HADJI-2017]. */
    static final int M2_SHORT_MONTHS = 12;
    /** M2: routine follow-up interval [ASCO-2019]. */
    static final int M2_LONG_MONTHS = 24;
    /** M5: vitamin D recheck after repletion (*service default*). */
    static final int M5_RECHECK_MONTHS = 3;
    /** M9: AUDIT-C cut-off for women and anyone not male (*service default* of the screening tool). */
    static final BigDecimal M9_AUDIT_C_WOMEN = new BigDecimal("4");
    /** M9: AUDIT-C cut-off for men (*service default*). */
    static final BigDecimal M9_AUDIT_C_MEN = new BigDecimal("5");

    private MonitoringRules() {
    }

    static void apply(Facts f, PlanDraft out) {
        m1m2Dxa(f, out);
        m3m5VitaminD(f, out);
        m4Calcium(f, out);
        m6CalciumVitaminD(out);
        m7Exercise(f, out);
        m8Smoking(f, out);
        m9Alcohol(f, out);
        m10Falls(f, out);
    }

    /** M1 (no episode exam: baseline at the start, overdue since a passed start) and M2 (follow-up 12 or 24 months). */
    static void m1m2Dxa(Facts f, PlanDraft out) {
        Episode episode = f.episode();
        if (f.episodeExams().isEmpty()) {
            out.add(RecommendationCode.DXA_BASELINE, episode.start(), true, Rule.M1,
                    "no DXA since " + episode.start().minusMonths(DxaExams.EPISODE_EXAM_LOOKBACK_MONTHS)
                            + " (12 months before the aromatase-inhibitor start " + episode.start()
                            + "): axial DXA (spine and hip) at the start of therapy",
                    List.of("HADJI-2017"), episode.evidenceIds());
            return;
        }
        DxaExams.Exam latest = f.exams().get(f.exams().size() - 1);
        List<String> why = new ArrayList<>();
        if (f.episodeExams().size() == 1) {
            why.add("it is the only DXA of this therapy (first-year check)");
        }
        if (f.present(RiskFactor.RF1)) {
            why.add(f.rf(RiskFactor.RF1).reason());
        }
        f.loss().ifPresent(l -> why.add("significant BMD loss at the " + l.site().label()));
        if (f.population() == Population.PREMENOPAUSAL_OFS) {
            why.add("premenopausal with ovarian function suppression");
        }
        boolean shortInterval = !why.isEmpty();
        int months = shortInterval ? M2_SHORT_MONTHS : M2_LONG_MONTHS;
        out.add(RecommendationCode.DXA_FOLLOWUP, latest.date().plusMonths(months), true, Rule.M2,
                "follow-up DXA " + months + " months after the DXA of " + latest.date()
                        + (shortInterval ? ": " + String.join("; ", why) : ": no higher-risk finding, routine interval"),
                List.of(shortInterval ? "HADJI-2017" : "ASCO-2019"), latest.sourceIds());
    }

    /** M3 (no vitamin D in 12 months) and M5 (deficient: repletion and a recheck 3 months after the result). */
    static void m3m5VitaminD(Facts f, PlanDraft out) {
        LocalDate labFrom = out.asOf.minusMonths(Labs.LAB_WINDOW_MONTHS);
        if (f.vitaminD().reading().isEmpty()) {
            out.now(RecommendationCode.LAB_VITAMIN_D, Rule.M3, "no 25-OH vitamin D since " + labFrom,
                    List.of("ENDO-2011", "HADJI-2017"), List.of());
        } else if (f.vitaminD().status() == LabStatus.VitaminD.DEFICIENT) {
            LabReading r = f.vitaminD().reading().get();
            String what = "25-OH vitamin D " + Text.num(r.value()) + " " + r.unit() + " (" + r.date() + ") is below 20 ng/mL (deficient)";
            out.now(RecommendationCode.VITAMIN_D_REPLETION, Rule.M5,
                    what + ": replete vitamin D before any antiresorptive infusion or injection", List.of("ENDO-2011"),
                    List.of(r.sourceId()));
            out.add(RecommendationCode.LAB_VITAMIN_D, r.date().plusMonths(M5_RECHECK_MONTHS), true, Rule.M5,
                    "recheck 3 months after repletion: " + what, List.of("ENDO-2011"), List.of(r.sourceId()));
        }
    }

    /** M4: no serum calcium within 12 months. */
    static void m4Calcium(Facts f, PlanDraft out) {
        if (f.calcium().reading().isEmpty()) {
            out.now(RecommendationCode.LAB_CALCIUM, Rule.M4, "no serum calcium since " + out.asOf.minusMonths(Labs.LAB_WINDOW_MONTHS),
                    List.of("HADJI-2017"), List.of());
        }
    }

    /** M6: every active episode. */
    static void m6CalciumVitaminD(PlanDraft out) {
        out.now(RecommendationCode.CALCIUM_VITAMIN_D, Rule.M6,
                "aromatase-inhibitor therapy: total calcium intake 1,000-1,200 mg/day, diet first, and vitamin D3 800-1,000 IU/day",
                List.of("ASCO-2019", "HADJI-2017", "SEEDS"), List.of());
    }

    /** M7: every active episode; supervised and without high impact with osteoporosis or RF5. */
    static void m7Exercise(Facts f, PlanDraft out) {
        boolean cautious = f.category() == WhoCategory.OSTEOPOROSIS || f.present(RiskFactor.RF5);
        out.now(RecommendationCode.EXERCISE, Rule.M7,
                "weight-bearing activity 3-4 sessions/week, progressive resistance training 2-3 sessions/week and balance training"
                        + (cautious ? "; because of " + (f.category() == WhoCategory.OSTEOPOROSIS ? "osteoporosis (T-score "
                                + Text.score(f.tScore().orElseThrow()) + ")" : "a fragility fracture (RF5)")
                                + ", avoid high-impact jumping and start supervised" : ""),
                List.of("SEEDS", "ASCO-2019"), List.of());
    }

    /** M8: RF7 present with a current-smoker answer. */
    static void m8Smoking(Facts f, PlanDraft out) {
        Optional<SmokingAnswer> smoking = RiskFactors.latestSmoking(f.snapshot().smokingAnswers(), out.asOf);
        if (f.present(RiskFactor.RF7) && smoking.map(a -> a.category() == SmokingAnswer.Category.CURRENT).orElse(false)) {
            out.now(RecommendationCode.SMOKING_CESSATION, Rule.M8, "current smoker (" + smoking.get().date() + ")",
                    List.of("SEEDS"), List.of(smoking.get().sourceId()));
        }
    }

    /** M9 (§5): the latest AUDIT-C total within 12 months at or above 5 (men) / 4 (everyone else). */
    static void m9Alcohol(Facts f, PlanDraft out) {
        LocalDate labFrom = out.asOf.minusMonths(Labs.LAB_WINDOW_MONTHS);
        Optional<LabResult> audit = Labs.latestHighest(f.snapshot().labs(), LabResult.Kind.AUDIT_C, labFrom, out.asOf);
        BigDecimal cutOff = f.population() == Population.MALE ? M9_AUDIT_C_MEN : M9_AUDIT_C_WOMEN;
        if (audit.isPresent() && audit.get().value().compareTo(cutOff) >= 0) {
            out.now(RecommendationCode.ALCOHOL_MODERATION, Rule.M9, "AUDIT-C total " + Text.num(audit.get().value()).replace(".0", "")
                    + " (" + audit.get().date() + ") is at or above " + cutOff, List.of("SEEDS"), List.of(audit.get().sourceId()));
        }
    }

    /** M10: RF2 or RF5 present. */
    static void m10Falls(Facts f, PlanDraft out) {
        List<String> falls = new ArrayList<>();
        if (f.present(RiskFactor.RF2)) {
            falls.add(f.rf(RiskFactor.RF2).reason());
        }
        if (f.present(RiskFactor.RF5)) {
            falls.add(f.rf(RiskFactor.RF5).reason());
        }
        if (!falls.isEmpty()) {
            out.now(RecommendationCode.FALL_PREVENTION, Rule.M10, String.join("; ", falls) + ": fall-risk assessment",
                    List.of("SEEDS"), List.of());
        }
    }
}

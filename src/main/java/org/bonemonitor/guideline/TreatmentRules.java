package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** T1–T3: bone-directed therapy for an active episode and what must precede it. */
final class TreatmentRules {

    /** T1 [HADJI-2017]: treat when the T-score is below −2.0. */
    static final BigDecimal T1_TSCORE_BELOW = new BigDecimal("-2.0");
    /** T1 [HADJI-2017 Table 3 review]: premenopausal women with OFS: Z-score below −2.0. */
    static final BigDecimal T1_ZSCORE_BELOW = new BigDecimal("-2.0");
    /** T1 [ASCO-2019]: men, and the ASCO threshold quoted in the reason: T-score ≤ −2.5. */
    static final BigDecimal T1_ASCO_TSCORE_AT_MOST = new BigDecimal("-2.5");
    /** T1 [HADJI-2017]: two or more risk factors. */
    static final int T1_MIN_RISK_FACTORS = 2;
    /** T2 [MRONJ-2019]: a dental exam within this many months need not be repeated. */
    static final int T2_DENTAL_MONTHS = 12;
    /** T2: an eGFR / creatinine within this many months need not be repeated (*service default*). */
    static final int T2_RENAL_MONTHS = 3;

    private TreatmentRules() {
    }

    /** What T1 concluded: no trigger, a proposal, or (§6 A9) significant loss alone with a normal category. */
    enum T1 { NONE, PROPOSED, LOSS_ONLY }

    static void apply(Facts f, PlanDraft out) {
        T1 t1 = t1Antiresorptive(f, out);
        if (t1 == T1.PROPOSED) {
            t2DentalAndRenal(f, out);
            t3Precautions(f, out);
        }
        TherapyChecks.a9BoneLoss(f, out, t1 == T1.LOSS_ONLY);
        TherapyChecks.t5Adjuvant(f, out);
    }

    /** T1 (§5, §6). */
    static T1 t1Antiresorptive(Facts f, PlanDraft out) {
        if (f.protection().onAntiresorptive()) {
            out.find(Rule.T1, "already on antiresorptive therapy (A6): no new antiresorptive", f.protection().sourceIds());
            return T1.NONE;
        }
        Optional<ScoreReading> t = f.tScore();
        Optional<ScoreReading> z = f.zScore();
        List<String> triggers = new ArrayList<>();
        boolean strong = false;
        List<String> ids = new ArrayList<>();
        List<RiskFactorFinding> present = f.riskFactors().values().stream().filter(RiskFactorFinding::present).toList();
        boolean osteoporoticNow = t.isPresent() && t.get().value().compareTo(T1_ASCO_TSCORE_AT_MOST) <= 0;
        if (f.population() == Population.MALE) {
            if (osteoporoticNow) {
                triggers.add("lowest T-score " + Text.score(t.get()) + " is at or below " + Text.num(T1_ASCO_TSCORE_AT_MOST));
                ids.add(t.get().sourceId());
                strong = true;
            }
        } else {
            if (t.isPresent() && t.get().value().compareTo(T1_TSCORE_BELOW) < 0) {
                triggers.add("lowest T-score " + Text.score(t.get()) + " is below " + Text.num(T1_TSCORE_BELOW));
                ids.add(t.get().sourceId());
                strong |= t.get().value().compareTo(T1_ASCO_TSCORE_AT_MOST) <= 0;
            }
            if (present.size() >= T1_MIN_RISK_FACTORS) {
                triggers.add(present.size() + " risk factors present ("
                        + present.stream().map(r -> r.factor() + " " + r.reason()).collect(Collectors.joining("; ")) + ")");
                present.forEach(r -> ids.addAll(r.sourceIds()));
            }
            if (f.population() == Population.PREMENOPAUSAL_OFS && z.isPresent() && z.get().value().compareTo(T1_ZSCORE_BELOW) < 0) {
                triggers.add("Z-score " + Text.score(z.get()) + " is below " + Text.num(T1_ZSCORE_BELOW)
                        + " (premenopausal with ovarian function suppression)");
                ids.add(z.get().sourceId());
                strong = true;
            }
        }
        // §6 A3: osteoporosis once shown during the therapy stays a trigger (AI bone loss does not reverse)
        if (!osteoporoticNow && (f.osteoporosisOnRecord().isPresent() || f.osteoporosisCondition().isPresent())) {
            triggers.add(f.osteoporosisOnRecord().map(o -> "T-score " + Text.score(o) + " during this therapy was at or below "
                    + Text.num(T1_ASCO_TSCORE_AT_MOST)).orElseGet(() -> "osteoporosis on the problem list (" + f.osteoporosisCondition().get() + ")")
                    + " (aromatase-inhibitor bone loss does not reverse)");
            f.osteoporosisOnRecord().ifPresent(o -> ids.add(o.sourceId()));
            f.osteoporosisCondition().ifPresent(ids::add);
            strong = true;
        }
        if (f.present(RiskFactor.RF5)) {
            triggers.add("fragility fracture (RF5: " + f.rf(RiskFactor.RF5).reason() + ")");
            ids.addAll(f.rf(RiskFactor.RF5).sourceIds());
            strong = true;
        }
        if (f.loss().isPresent()) {
            BmdTrend l = f.loss().get();
            triggers.add("significant BMD loss at the " + l.site().label() + ": " + Text.num1(l.percentChange()) + " % from "
                    + l.earlierDate() + " to " + l.latestDate() + " (least significant change "
                    + Text.num(l.leastSignificantChange().orElseThrow()) + " %)");
            ids.addAll(l.sourceIds());
            strong = true;
        }
        if (triggers.isEmpty()) {
            out.find(Rule.T1, "no antiresorptive trigger (" + present.size() + " risk factor(s) present)", List.of());
            return T1.NONE;
        }
        // §6 A9: significant loss as the only trigger with a normal category is reviewed, not treated
        if (triggers.size() == 1 && f.loss().isPresent() && f.category() == WhoCategory.NORMAL) {
            out.find(Rule.T1, "significant loss is the only trigger and the category is normal: bone-loss-review instead (A9)",
                    f.loss().get().sourceIds());
            return T1.LOSS_ONLY;
        }
        // T1 choice: "only trigger is a T-score between -2.5 and -2.0 or the RF count" = no strong trigger
        String note = strong ? "" : "; note: ASCO-2019 would start bone-directed therapy only at a T-score of \u22122.5 or lower";
        // §6 T1: with eGFR below 35 denosumab is the only choice; the denosumab exit plan is stated whenever it is a choice
        String choices = f.denosumabOnly()
                ? "denosumab 60 mg SC every 6 months (zoledronic acid and oral bisphosphonates are left out: eGFR below 35)"
                : "denosumab 60 mg SC every 6 months, or zoledronic acid 4 mg IV every 6 months, or oral alendronate 70 mg weekly /"
                        + " risedronate 35 mg weekly / ibandronate 150 mg monthly";
        List<String> sources = new ArrayList<>(f.population() == Population.MALE ? List.of("ASCO-2019") : List.of("HADJI-2017"));
        sources.add("ECTS-2021");
        out.now(RecommendationCode.ANTIRESORPTIVE, Rule.T1, String.join("; ", triggers)
                + ": bone-directed therapy for as long as the aromatase inhibitor is taken: " + choices + note
                + "; if denosumab is chosen, it must not be stopped without a follow-on bisphosphonate", sources, ids);
        return T1.PROPOSED;
    }

    /** T2: dental exam unless one in 12 months; creatinine unless an eGFR/creatinine in 3 months (source: PROLIA-LABEL). */
    static void t2DentalAndRenal(Facts f, PlanDraft out) {
        LocalDate asOf = out.asOf;
        boolean dental = f.snapshot().dentalExams().stream().anyMatch(d -> !d.date().isAfter(asOf)
                && !d.date().isBefore(asOf.minusMonths(T2_DENTAL_MONTHS)));
        if (!dental) {
            out.now(RecommendationCode.DENTAL_EXAM, Rule.T2, "no dental examination since " + asOf.minusMonths(T2_DENTAL_MONTHS)
                    + ": dental assessment before the first antiresorptive dose", List.of("MRONJ-2019"), List.of());
        } else {
            out.find(Rule.T2, "dental exam within 12 months: no new dental exam", List.of());
        }
        LocalDate renalFrom = asOf.minusMonths(T2_RENAL_MONTHS);
        Optional<LabResult> kidney = f.snapshot().labs().stream()
                .filter(l -> l.kind() == LabResult.Kind.EGFR || l.kind() == LabResult.Kind.CREATININE)
                .filter(l -> !l.date().isAfter(asOf) && !l.date().isBefore(renalFrom))
                .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
        if (kidney.isEmpty()) {
            out.now(RecommendationCode.LAB_CREATININE, Rule.T2, "no eGFR or creatinine since " + renalFrom
                    + ": check renal function before antiresorptive therapy", List.of("PROLIA-LABEL"), List.of());
        } else {
            out.labIds.add(kidney.get().sourceId());
            out.find(Rule.T2, "renal function measured " + kidney.get().date() + ": no new creatinine", List.of(kidney.get().sourceId()));
        }
    }

    /** T3: renal reduced, calcium low or vitamin D deficient. */
    static void t3Precautions(Facts f, PlanDraft out) {
        List<String> cautions = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        LabStatus<LabStatus.Renal> renal = f.renal();
        if (renal.status() == LabStatus.Renal.REDUCED || renal.status() == LabStatus.Renal.SEVERELY_REDUCED) {
            LabReading r = renal.reading().orElseThrow();
            cautions.add("eGFR " + Text.num(r.value()).replace(".0", "") + " (" + r.date() + r.howSuffix() + ") is below "
                    + (renal.status() == LabStatus.Renal.SEVERELY_REDUCED ? "30: denosumab only under specialist care; "
                            : "35: ") + "avoid zoledronic acid and oral bisphosphonates");
            ids.add(r.sourceId());
        }
        if (f.calcium().status() == LabStatus.Calcium.LOW) {
            LabReading r = f.calcium().reading().orElseThrow();
            cautions.add("calcium " + Text.num(r.value()) + " " + r.unit() + " (" + r.date() + ") is low: correct it first");
            ids.add(r.sourceId());
        }
        if (f.vitaminD().status() == LabStatus.VitaminD.DEFICIENT) {
            LabReading r = f.vitaminD().reading().orElseThrow();
            cautions.add("25-OH vitamin D " + Text.num(r.value()) + " " + r.unit() + " (" + r.date() + ") is deficient: replete it first");
            ids.add(r.sourceId());
        }
        if (!cautions.isEmpty()) {
            out.now(RecommendationCode.ANTIRESORPTIVE_PRECAUTIONS, Rule.T3, String.join("; ", cautions), List.of("PROLIA-LABEL"), ids);
        }
    }
}

package org.bonemonitor.guideline;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bonemonitor.terminology.Groups;

/**
 * The rule set {@value #RULE_SET_ID} {@value #RULE_SET_VERSION} of {@code shared/clinical/RULES.md}:
 * {@link #assess(PatientSnapshot)} is the one entry point. Pure Java: no framework, no clock.
 *
 * <p>The order reads like RULES.md: scope (D1–D5, D7, D8), the facts of the assessment rules
 * computed once (D6, A1–A7), then one small function per recommendation rule family
 * ({@link TherapyChecks} D4/D6/A6/T6, {@link MonitoringRules} M1–M10, {@link TreatmentRules} T1–T3
 * with A9 and T5, {@link EstradiolRule} P1, {@link PostTherapyRule} E1, {@link DenosumabRule} T4).
 */
public final class BoneHealthRules {

    public static final String RULE_SET_ID = "aibl";
    public static final String RULE_SET_VERSION = "2026.2";

    private BoneHealthRules() {
    }

    /** Applies every rule of the rule set to the snapshot. */
    public static BoneHealthAssessment assess(PatientSnapshot snapshot) {
        PlanDraft out = new PlanDraft(snapshot.asOf());
        TherapyScope.Scope scope = TherapyScope.of(snapshot, out);
        if (!scope.plans()) {
            return minimal(snapshot, scope, out);
        }
        Facts f = facts(snapshot, scope, out);
        if (f.episode().active()) {
            // A8 choice (docs/clinical-notes.md): gaps only for an active episode; an ended one gets E1/T4 only
            DataGaps.a8(f, out);
            TherapyChecks.apply(f, out);
            MonitoringRules.apply(f, out);
            TreatmentRules.apply(f, out);
            EstradiolRule.p1(f, out);
        } else if (!scope.endedLongAgo()) {
            PostTherapyRule.e1(f, out);
        }
        DenosumabRule.t4(f, out);

        Episode episode = f.episode();
        List<String> breastCancer = snapshot.conditions().stream().filter(c -> c.in(Groups.BREAST_CANCER))
                .map(ConditionFact::sourceId).distinct().sorted().toList();
        out.otherIds.addAll(f.protection().sourceIds());
        UsedInputs inputs = new UsedInputs(episode.evidenceIds(), List.copyOf(out.dxaIds), List.copyOf(out.labIds), breastCancer,
                List.copyOf(out.otherIds));
        List<Recommendation> recs = out.sortedRecommendations();
        String reason = episode.active()
                ? (episode.newStart() ? "New" : episode.unconfirmed() ? "Unconfirmed" : "Ongoing") + " aromatase-inhibitor therapy ("
                        + episode.latestIngredient().label() + ")" + (episode.startKnown() ? " since " + episode.start() : ", start not recorded")
                        + ": bone-health plan."
                : "Aromatase-inhibitor therapy ended on " + episode.end().orElseThrow()
                        + (recs.isEmpty() ? ": nothing remains to be done" + (episode.exposureDays() < PostTherapyRule.D8_MIN_COURSE_DAYS
                                ? " (a course of " + episode.exposureDays() + " days gets no post-therapy DXA)" : "") + "."
                                : ": post-therapy plan.");
        return new BoneHealthAssessment(RULE_SET_ID, RULE_SET_VERSION, snapshot.asOf(), Outcome.PLAN, reason, Optional.of(episode),
                Optional.of(f.population()), f.category(), f.tScore(), f.zScore(), f.riskFactors(), f.trends(), f.loss().isPresent(),
                f.protection(), f.vitaminD(), f.calcium(), f.renal(), out.gaps, recs, out.findings, inputs);
    }

    /** D6 and A1–A7, each computed once. */
    private static Facts facts(PatientSnapshot s, TherapyScope.Scope scope, PlanDraft out) {
        Episode episode = scope.episode().orElseThrow();
        PopulationRule.Finding population = PopulationRule.of(s, scope.exposures(), out);

        // A1–A3: exams (with §6's exams without values), the current T-score and the category
        List<DxaExams.Exam> exams = DxaExams.exams(s.dxaResults(), s.procedures(), out.asOf);
        exams.forEach(x -> out.find(Rule.A1, "DXA exam " + x.date() + " (" + x.results().size() + " results)", x.sourceIds()));
        List<DxaExams.Exam> episodeExams = DxaExams.episodeExams(exams, episode.start());
        if (!episodeExams.isEmpty()) {
            DxaExams.Exam baseline = episodeExams.get(0);
            out.find(Rule.A2, "baseline exam " + baseline.date() + "; " + episodeExams.size() + " episode exam(s)", baseline.sourceIds());
            out.dxaIds.addAll(baseline.sourceIds());
        } else {
            out.find(Rule.A2, "no DXA exam from 12 months before the episode start", List.of());
        }
        Optional<DxaExams.Exam> current = DxaExams.currentExam(exams, out.asOf);
        Optional<ScoreReading> tScore = current.flatMap(DxaExams.Exam::lowestTScore);
        Optional<ScoreReading> zScore = current.flatMap(DxaExams.Exam::lowestZScore);
        current.ifPresent(x -> out.dxaIds.addAll(x.sourceIds()));
        WhoCategory category = DxaExams.category(tScore);
        out.find(Rule.A3, tScore.map(t -> "current T-score " + Text.score(t) + ": " + category.code())
                .orElse("no current T-score: category unknown"), tScore.map(t -> List.of(t.sourceId())).orElse(List.of()));
        // §6 A3: osteoporosis shown in any episode exam, or an active osteoporosis Condition
        Optional<ScoreReading> osteoporotic = episodeExams.stream().map(DxaExams.Exam::lowestTScore).flatMap(Optional::stream)
                .filter(t -> DxaExams.category(Optional.of(t)) == WhoCategory.OSTEOPOROSIS).min(Comparator.comparing(ScoreReading::value));
        Optional<String> osteoporosisCondition = s.conditions().stream().filter(c -> c.in(Groups.OSTEOPOROSIS) && c.isActive()
                && !c.after(out.asOf)).map(ConditionFact::sourceId).sorted().findFirst();

        // A4 risk factors
        Map<RiskFactor, RiskFactorFinding> rf = new EnumMap<>(RiskFactor.class);
        rf.put(RiskFactor.RF1, RiskFactors.rf1(tScore));
        rf.put(RiskFactor.RF2, RiskFactors.rf2(s.birthDate(), out.asOf));
        rf.put(RiskFactor.RF3, RiskFactors.rf3(s.labs(), s.birthDate(), out.asOf));
        rf.put(RiskFactor.RF4, RiskFactors.rf4(s));
        rf.put(RiskFactor.RF5, RiskFactors.rf5(s));
        rf.put(RiskFactor.RF6, RiskFactors.rf6(s));
        rf.put(RiskFactor.RF7, RiskFactors.rf7(s.smokingAnswers(), out.asOf));
        rf.values().forEach(r -> out.find(Rule.A4, r.factor() + " " + r.status().name().toLowerCase() + ": " + r.reason(), r.sourceIds()));
        rf.values().stream().filter(RiskFactorFinding::present).forEach(r -> out.otherIds.addAll(r.sourceIds()));

        // A5 trend (§6: comparable exams only)
        DxaExams.Trends compared = DxaExams.trends(exams);
        List<BmdTrend> trends = compared.trends();
        compared.skipped().forEach(why -> out.find(Rule.A5, "not compared: " + why, List.of()));
        if (exams.size() >= 2) {
            out.dxaIds.addAll(exams.get(exams.size() - 2).sourceIds());
            out.dxaIds.addAll(exams.get(exams.size() - 1).sourceIds());
        }
        trends.forEach(t -> out.find(Rule.A5, "BMD " + t.site().label() + " " + Text.num1(t.percentChange()) + " % ("
                + t.earlierDate() + " to " + t.latestDate() + ")" + (t.significantLoss() ? ": significant-loss" : ""), t.sourceIds()));
        Optional<BmdTrend> loss = trends.stream().filter(BmdTrend::significantLoss).findFirst();

        // A6 protection
        Protection protection = ProtectionRule.of(s, scope.exposures());
        out.find(Rule.A6, protection.reason(), protection.sourceIds());

        // A7 labs
        var vitD = Labs.vitaminD(s.labs(), out.asOf);
        var calcium = Labs.calcium(s.labs(), out.asOf);
        var renal = Labs.renal(s.labs(), s.birthDate(), s.gender(), out.asOf);
        vitD.reading().ifPresent(r -> out.labIds.add(r.sourceId()));
        calcium.reading().ifPresent(r -> out.labIds.add(r.sourceId()));
        renal.reading().ifPresent(r -> out.labIds.add(r.sourceId()));
        out.find(Rule.A7, "vitamin D " + vitD.status().name().toLowerCase() + ", calcium " + calcium.status().name().toLowerCase()
                + ", renal " + renal.status().name().toLowerCase().replace('_', '-'), List.of());

        return new Facts(s, scope.exposures(), episode, population, exams, episodeExams, current, tScore, zScore, category, rf,
                trends, loss, protection, vitD, calcium, renal, osteoporotic, osteoporosisCondition, compared.skipped(),
                scope.datelessIds());
    }

    private static BoneHealthAssessment minimal(PatientSnapshot s, TherapyScope.Scope scope, PlanDraft out) {
        return new BoneHealthAssessment(RULE_SET_ID, RULE_SET_VERSION, s.asOf(), scope.outcome(), scope.reason(), scope.episode(),
                Optional.empty(), WhoCategory.UNKNOWN, Optional.empty(), Optional.empty(), Map.of(), List.of(), false,
                new Protection(false, "not assessed", List.of(), false),
                new LabStatus<>(LabStatus.VitaminD.UNKNOWN, Optional.empty()),
                new LabStatus<>(LabStatus.Calcium.UNKNOWN, Optional.empty()),
                new LabStatus<>(LabStatus.Renal.UNKNOWN, Optional.empty()), List.of(), List.of(), out.findings,
                new UsedInputs(scope.episode().map(Episode::evidenceIds).orElse(List.of()), List.of(), List.of(), List.of(), List.of()));
    }
}

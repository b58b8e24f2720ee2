package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bonemonitor.terminology.CodeTables;
import org.bonemonitor.terminology.Groups;

/**
 * The rule set {@value #RULE_SET_ID} {@value #RULE_SET_VERSION} of {@code shared/clinical/RULES.md}:
 * {@link #assess(PatientSnapshot)} is the one entry point. Pure Java: no framework, no clock.
 */
public final class BoneHealthRules {

    public static final String RULE_SET_ID = "aibl";
    public static final String RULE_SET_VERSION = "2026.1";

    /** E1/T4 (§5): an episode that ended more than this many months ago gets no plan. */
    static final int ENDED_EPISODE_PLAN_MONTHS = 24;
    /** E1: the post-therapy DXA is due this many months after the end [SEEDS: ATAC]. */
    static final int E1_FOLLOWUP_MONTHS = 12;
    /** D6 (§5): a GnRH agonist given within this many months means ovarian function suppression. */
    static final int D6_GNRH_MONTHS = 6;
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
    /** T4 (*service default*): denosumab given within this many months is followed up. */
    static final int T4_GIVEN_WITHIN_MONTHS = 18;
    /** T4 [ECTS-2021]: a dose is late when the last one was more than 7 calendar months ago. */
    static final int T4_DOSE_INTERVAL_MONTHS = 7;
    /** A6: injected / IV antiresorptives protect for 7 months after the last dose. */
    static final int A6_PARENTERAL_MONTHS = 7;
    /** A6: oral bisphosphonates protect for 1 month after the last dose. */
    static final int A6_ORAL_MONTHS = 1;
    /** P1 (*service default*): estradiol every 6 months for men on anastrozole [MEN-2009; SEEDS]. */
    static final int P1_ESTRADIOL_MONTHS = 6;

    private BoneHealthRules() {
    }

    /** Applies every rule of the rule set to the snapshot. */
    public static BoneHealthAssessment assess(PatientSnapshot snapshot) {
        return new Evaluation(snapshot).run();
    }

    /** One evaluation: collects findings, gaps and recommendations as the rules fire. */
    private static final class Evaluation {
        private final PatientSnapshot s;
        private final LocalDate asOf;
        private final List<Finding> findings = new ArrayList<>();
        private final List<DataGap> gaps = new ArrayList<>();
        private final List<Recommendation> recs = new ArrayList<>();
        private final TreeSet<String> dxaIds = new TreeSet<>();
        private final TreeSet<String> labIds = new TreeSet<>();
        private final TreeSet<String> otherIds = new TreeSet<>();

        Evaluation(PatientSnapshot snapshot) {
            this.s = snapshot;
            this.asOf = snapshot.asOf();
        }

        private void find(String ruleId, String text, List<String> ids) {
            findings.add(new Finding(ruleId, text, ids));
        }

        BoneHealthAssessment run() {
            // D1: the snapshot builder recognised each medication (by code, else by name); D2: status.
            List<MedicationEvidence> exposures = new ArrayList<>();
            for (MedicationEvidence e : s.medications()) {
                if (!TherapyEpisodes.countsAsExposure(e)) {
                    find("D2", e.sourceId() + " (" + e.drug().label() + ", status " + e.status()
                            + e.intent().map(i -> ", intent " + i).orElse("") + ") is not evidence of exposure", List.of(e.sourceId()));
                    continue;
                }
                // §0: evidence dated after the evaluation date is ignored, except a future AI start (D5)
                if (!e.drug().isAromataseInhibitor() && TherapyEpisodes.start(e, asOf).isAfter(asOf)) {
                    continue;
                }
                exposures.add(e);
            }
            List<MedicationEvidence> ai = exposures.stream().filter(e -> e.drug().isAromataseInhibitor()).toList();
            for (MedicationEvidence e : ai) {
                find("D1", e.drug().label() + " recognised in " + e.sourceId()
                        + e.text().map(t -> " (\"" + t + "\")").orElse(""), List.of(e.sourceId()));
                find("D3", e.sourceId() + " runs from " + TherapyEpisodes.start(e, asOf)
                        + TherapyEpisodes.end(e, asOf).map(d -> " to " + d).orElse(" with no end"), List.of(e.sourceId()));
            }
            if (exposures.stream().anyMatch(e -> e.drug() == DrugClass.TAMOXIFEN)) {
                find("D4", "tamoxifen neither opens nor bridges an aromatase-inhibitor episode", List.of());
            }
            List<TherapyEpisodes.Run> runs = TherapyEpisodes.runs(ai, asOf);
            if (runs.isEmpty()) {
                return minimal(Outcome.NO_AI_THERAPY, "No aromatase-inhibitor therapy (anastrozole, letrozole, exemestane) was found in the record.",
                        Optional.empty());
            }
            Episode episode = TherapyEpisodes.episodeOf(runs.get(runs.size() - 1), asOf);
            find("D4", "aromatase-inhibitor episode from " + episode.start()
                    + (episode.active() ? ", active" : ", ended " + episode.end().orElseThrow())
                    + (runs.size() > 1 ? " (the latest of " + runs.size() + " episodes)" : ""), episode.evidenceIds());
            find("D5", episode.newStart() ? "new start (began " + episode.start() + ")" : "ongoing therapy since " + episode.start(),
                    episode.evidenceIds());

            // D7: metastatic bone disease is managed by oncology (checked once an AI episode exists; any status but
            // entered-in-error counts, §5)
            List<String> d7 = new ArrayList<>();
            s.medications().stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_120 && !e.status().equals("entered-in-error"))
                    .forEach(e -> d7.add(e.sourceId()));
            s.conditions().stream().filter(c -> c.in(Groups.BONE_METASTASIS)).forEach(c -> d7.add(c.sourceId()));
            if (!d7.isEmpty()) {
                List<String> ids = d7.stream().distinct().sorted().toList();
                String reason = "Out of scope: metastatic bone disease (denosumab 120 mg / Xgeva or bone metastasis recorded: "
                        + String.join(", ", ids) + ") is managed by oncology; no bone-health plan is produced.";
                find("D7", reason, ids);
                return minimal(Outcome.OUT_OF_SCOPE, reason, Optional.of(episode));
            }
            // §5 E1/T4: ended more than 24 months ago → no plan, a separate outcome so callers can tell it from "no therapy"
            if (!episode.active() && episode.end().orElseThrow().isBefore(asOf.minusMonths(ENDED_EPISODE_PLAN_MONTHS))) {
                String reason = "Aromatase-inhibitor therapy ended on " + episode.end().orElseThrow()
                        + ", more than 24 months ago: no plan.";
                find("E1", reason, episode.evidenceIds());
                return minimal(Outcome.THERAPY_ENDED_LONG_AGO, reason, Optional.of(episode));
            }

            Population population = population(exposures, episode);

            // A1–A3: exams, the current T-score and the category
            List<DxaExams.Exam> exams = DxaExams.exams(s.dxaResults(), asOf);
            exams.forEach(x -> find("A1", "DXA exam " + x.date() + " (" + x.results().size() + " results)", x.sourceIds()));
            List<DxaExams.Exam> episodeExams = DxaExams.episodeExams(exams, episode.start());
            if (!episodeExams.isEmpty()) {
                DxaExams.Exam baseline = episodeExams.get(0);
                find("A2", "baseline exam " + baseline.date() + "; " + episodeExams.size() + " episode exam(s)", baseline.sourceIds());
                dxaIds.addAll(baseline.sourceIds());
            } else {
                find("A2", "no DXA exam from 12 months before the episode start", List.of());
            }
            Optional<DxaExams.Exam> current = DxaExams.currentExam(exams, asOf);
            Optional<ScoreReading> tScore = current.flatMap(DxaExams.Exam::lowestTScore);
            Optional<ScoreReading> zScore = current.flatMap(DxaExams.Exam::lowestZScore);
            current.ifPresent(x -> dxaIds.addAll(x.sourceIds()));
            WhoCategory category = DxaExams.category(tScore);
            find("A3", tScore.map(t -> "current T-score " + Text.score(t) + ": " + category.code())
                    .orElse("no current T-score: category unknown"), tScore.map(t -> List.of(t.sourceId())).orElse(List.of()));

            // A4 risk factors
            Map<RiskFactor, RiskFactorFinding> rf = new EnumMap<>(RiskFactor.class);
            rf.put(RiskFactor.RF1, RiskFactors.rf1(tScore));
            rf.put(RiskFactor.RF2, RiskFactors.rf2(s.birthDate(), asOf));
            rf.put(RiskFactor.RF3, RiskFactors.rf3(s.labs(), s.birthDate(), asOf));
            rf.put(RiskFactor.RF4, RiskFactors.rf4(s));
            rf.put(RiskFactor.RF5, RiskFactors.rf5(s));
            rf.put(RiskFactor.RF6, RiskFactors.rf6(s));
            rf.put(RiskFactor.RF7, RiskFactors.rf7(s.smokingAnswers(), asOf));
            rf.values().forEach(f -> find("A4", f.factor() + " " + f.status().name().toLowerCase() + ": " + f.reason(), f.sourceIds()));
            rf.values().stream().filter(RiskFactorFinding::present).forEach(f -> otherIds.addAll(f.sourceIds()));

            // A5 trend
            List<BmdTrend> trends = DxaExams.trends(exams);
            if (exams.size() >= 2) {
                dxaIds.addAll(exams.get(exams.size() - 2).sourceIds());
                dxaIds.addAll(exams.get(exams.size() - 1).sourceIds());
            }
            trends.forEach(t -> find("A5", "BMD " + t.site().label() + " " + Text.num1(t.percentChange()) + " % ("
                    + t.earlierDate() + " to " + t.latestDate() + ")" + (t.significantLoss() ? ": significant-loss" : ""), t.sourceIds()));
            Optional<BmdTrend> loss = trends.stream().filter(BmdTrend::significantLoss).findFirst();

            // A6 protection
            Protection protection = protection(exposures);
            find("A6", protection.reason(), protection.sourceIds());

            // A7 labs
            var vitD = Labs.vitaminD(s.labs(), asOf);
            var calcium = Labs.calcium(s.labs(), asOf);
            var renal = Labs.renal(s.labs(), asOf);
            vitD.reading().ifPresent(r -> labIds.add(r.sourceId()));
            calcium.reading().ifPresent(r -> labIds.add(r.sourceId()));
            renal.reading().ifPresent(r -> labIds.add(r.sourceId()));
            find("A7", "vitamin D " + vitD.status().name().toLowerCase() + ", calcium " + calcium.status().name().toLowerCase()
                    + ", renal " + renal.status().name().toLowerCase().replace('_', '-'), List.of());

            if (episode.active()) {
                // A8 choice (docs/clinical-notes.md): gaps only for an active episode; an ended one gets E1/T4 only
                dataGaps(rf, tScore, vitD);
                activePlan(episode, population, episodeExams, exams, tScore, zScore, category, rf, loss, protection, vitD,
                        calcium, renal);
            } else {
                endedPlan(episode, exams);
            }
            denosumabTransition(exposures, episode);
            // rule order (M1–M10, T1–T4, P1, E1); the sort is stable, so M5's two recommendations keep theirs
            recs.sort(Comparator.comparing((Recommendation r) -> Rule.valueOf(r.ruleIds().get(0)).ordinal()));

            List<String> breastCancer = s.conditions().stream().filter(c -> c.in(Groups.BREAST_CANCER))
                    .map(ConditionFact::sourceId).distinct().sorted().toList();
            otherIds.addAll(protection.sourceIds());
            UsedInputs inputs = new UsedInputs(episode.evidenceIds(), List.copyOf(dxaIds), List.copyOf(labIds), breastCancer,
                    List.copyOf(otherIds));
            String reason = episode.active()
                    ? (episode.newStart() ? "New" : "Ongoing") + " aromatase-inhibitor therapy (" + episode.latestIngredient().label()
                            + ") since " + episode.start() + ": bone-health plan."
                    : "Aromatase-inhibitor therapy ended on " + episode.end().orElseThrow() + ": post-therapy plan.";
            return new BoneHealthAssessment(RULE_SET_ID, RULE_SET_VERSION, asOf, Outcome.PLAN, reason, Optional.of(episode),
                    Optional.of(population), category, tScore, zScore, rf, trends, loss.isPresent(), protection, vitD, calcium,
                    renal, gaps, recs, findings, inputs);
        }

        private BoneHealthAssessment minimal(Outcome outcome, String reason, Optional<Episode> episode) {
            return new BoneHealthAssessment(RULE_SET_ID, RULE_SET_VERSION, asOf, outcome, reason, episode, Optional.empty(),
                    WhoCategory.UNKNOWN, Optional.empty(), Optional.empty(), Map.of(), List.of(), false,
                    new Protection(false, "not assessed", List.of(), false),
                    new LabStatus<>(LabStatus.VitaminD.UNKNOWN, Optional.empty()),
                    new LabStatus<>(LabStatus.Calcium.UNKNOWN, Optional.empty()),
                    new LabStatus<>(LabStatus.Renal.UNKNOWN, Optional.empty()), List.of(), List.of(), findings,
                    new UsedInputs(episode.map(Episode::evidenceIds).orElse(List.of()), List.of(), List.of(), List.of(), List.of()));
        }

        /** D6 (§5). */
        private Population population(List<MedicationEvidence> exposures, Episode episode) {
            if (s.gender() == Gender.MALE) {
                find("D6", "male: population male", List.of());
                return Population.MALE;
            }
            if (s.gender() != Gender.FEMALE) {
                // §5 D6: unknown or other gender uses the postmenopausal rules whatever else is recorded
                gaps.add(new DataGap(DataGap.GENDER, "D6", "gender is " + s.gender().name().toLowerCase()
                        + ": the postmenopausal rules are used"));
                find("D6", "gender " + s.gender().name().toLowerCase() + ": postmenopausal rules", List.of());
                return Population.POSTMENOPAUSAL;
            }
            LocalDate from = asOf.minusMonths(D6_GNRH_MONTHS);
            List<String> gnrh = exposures.stream().filter(e -> e.drug() == DrugClass.GNRH_AGONIST)
                    .filter(e -> TherapyEpisodes.ongoing(e, asOf) || !TherapyEpisodes.latestDate(e, asOf).isBefore(from))
                    .map(MedicationEvidence::sourceId).sorted().toList();
            Optional<MenopausalRecord> latestState = s.menopausalRecords().stream().filter(m -> !m.date().isAfter(asOf))
                    .max(Comparator.comparing(MenopausalRecord::date).thenComparing(MenopausalRecord::sourceId));
            if (!gnrh.isEmpty()) {
                find("D6", "GnRH agonist within 6 months (" + String.join(", ", gnrh) + "): premenopausal-ofs", gnrh);
                otherIds.addAll(gnrh);
                return Population.PREMENOPAUSAL_OFS;
            }
            if (latestState.map(MenopausalRecord::premenopausal).orElse(false)) {
                find("D6", "latest menopausal state premenopausal (" + latestState.get().sourceId() + "): premenopausal-ofs",
                        List.of(latestState.get().sourceId()));
                otherIds.add(latestState.get().sourceId());
                return Population.PREMENOPAUSAL_OFS;
            }
            find("D6", "female: postmenopausal", List.of());
            return Population.POSTMENOPAUSAL;
        }

        /** A6 (§5). */
        private Protection protection(List<MedicationEvidence> exposures) {
            boolean raloxifene = exposures.stream().anyMatch(e -> e.drug() == DrugClass.RALOXIFENE && TherapyEpisodes.ongoing(e, asOf));
            List<String> ids = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (MedicationEvidence e : exposures) {
                if (e.drug() != DrugClass.BISPHOSPHONATE && e.drug() != DrugClass.DENOSUMAB_60) {
                    continue;
                }
                boolean parenteral = e.drug() == DrugClass.DENOSUMAB_60 || e.route() == MedicationEvidence.Route.PARENTERAL;
                int months = parenteral ? A6_PARENTERAL_MONTHS : A6_ORAL_MONTHS;
                LocalDate last = TherapyEpisodes.latestDate(e, asOf);
                boolean openOrCurrent = TherapyEpisodes.end(e, asOf).map(d -> !d.isBefore(asOf)).orElse(true);
                if (openOrCurrent || !last.isBefore(asOf.minusMonths(months))) {
                    ids.add(e.sourceId());
                    why.add(e.drug().label() + (openOrCurrent ? " active (" : " last given " + last + " (") + e.sourceId() + ")");
                }
            }
            String ral = raloxifene ? "; raloxifene noted, not counted" : "";
            if (ids.isEmpty()) {
                return new Protection(false, "not on antiresorptive therapy" + ral, List.of(), raloxifene);
            }
            return new Protection(true, "on-antiresorptive: " + String.join("; ", why.stream().sorted().toList()) + ral,
                    ids.stream().sorted().toList(), raloxifene);
        }

        /** A8 (§5): exactly DXA, BMI, smoking status, vitamin D, birth date, gender. */
        private void dataGaps(Map<RiskFactor, RiskFactorFinding> rf, Optional<ScoreReading> t,
                LabStatus<LabStatus.VitaminD> vitD) {
            if (t.isEmpty()) {
                gaps.add(new DataGap(DataGap.DXA, "A3", "no DXA T-score within 24 months"));
            }
            if (rf.get(RiskFactor.RF3).status() == FactorStatus.UNKNOWN) {
                gaps.add(new DataGap(DataGap.BMI, "A4", "RF3 needs a BMI, or a weight and height, within 24 months"));
            }
            if (rf.get(RiskFactor.RF7).status() == FactorStatus.UNKNOWN) {
                gaps.add(new DataGap(DataGap.SMOKING_STATUS, "A4", "RF7 needs a current, former or never smoking answer"));
            }
            if (vitD.status() == LabStatus.VitaminD.UNKNOWN) {
                gaps.add(new DataGap(DataGap.VITAMIN_D, "A7", "no 25-OH vitamin D within 12 months"));
            }
            if (rf.get(RiskFactor.RF2).status() == FactorStatus.UNKNOWN) {
                gaps.add(new DataGap(DataGap.BIRTH_DATE, "A4", "RF2 needs a birth date: " + rf.get(RiskFactor.RF2).reason()));
            }
            gaps.sort(Comparator.comparing(DataGap::input));
            gaps.forEach(g -> find("A8", "data gap: " + g.input() + " (" + g.ruleId() + ")", List.of()));
        }

        private void activePlan(Episode episode, Population population, List<DxaExams.Exam> episodeExams,
                List<DxaExams.Exam> exams, Optional<ScoreReading> t, Optional<ScoreReading> z, WhoCategory category,
                Map<RiskFactor, RiskFactorFinding> rf, Optional<BmdTrend> loss, Protection protection,
                LabStatus<LabStatus.VitaminD> vitD, LabStatus<LabStatus.Calcium> calcium, LabStatus<LabStatus.Renal> renal) {
            // M1 / M2. M1 choice: a passed start makes the baseline due now and overdue since the start (§0 lists M1)
            if (episodeExams.isEmpty()) {
                add("dxa-baseline", episode.start(), true, List.of("M1"),
                        "no DXA since " + episode.start().minusMonths(DxaExams.EPISODE_EXAM_LOOKBACK_MONTHS)
                                + " (12 months before the aromatase-inhibitor start " + episode.start()
                                + "): axial DXA (spine and hip) at the start of therapy",
                        List.of("HADJI-2017"), episode.evidenceIds());
            } else {
                DxaExams.Exam latest = exams.get(exams.size() - 1);
                List<String> why = new ArrayList<>();
                if (episodeExams.size() == 1) {
                    why.add("it is the only DXA of this therapy (first-year check)");
                }
                if (rf.get(RiskFactor.RF1).present()) {
                    why.add(rf.get(RiskFactor.RF1).reason());
                }
                loss.ifPresent(l -> why.add("significant BMD loss at the " + l.site().label()));
                if (population == Population.PREMENOPAUSAL_OFS) {
                    why.add("premenopausal with ovarian function suppression");
                }
                boolean shortInterval = !why.isEmpty();
                int months = shortInterval ? M2_SHORT_MONTHS : M2_LONG_MONTHS;
                add("dxa-followup", latest.date().plusMonths(months), true, List.of("M2"),
                        "follow-up DXA " + months + " months after the DXA of " + latest.date()
                                + (shortInterval ? ": " + String.join("; ", why) : ": no higher-risk finding, routine interval"),
                        List.of(shortInterval ? "HADJI-2017" : "ASCO-2019"), latest.sourceIds());
            }
            // M3 / M5 (sources not named in RULES.md: ENDO-2011, HADJI-2017 chosen)
            LocalDate labFrom = asOf.minusMonths(Labs.LAB_WINDOW_MONTHS);
            if (vitD.reading().isEmpty()) {
                add("lab-vitamin-d", asOf, false, List.of("M3"), "no 25-OH vitamin D since " + labFrom,
                        List.of("ENDO-2011", "HADJI-2017"), List.of());
            } else if (vitD.status() == LabStatus.VitaminD.DEFICIENT) {
                LabReading r = vitD.reading().get();
                String what = "25-OH vitamin D " + Text.num(r.value()) + " " + r.unit() + " (" + r.date() + ") is below 20 ng/mL (deficient)";
                add("vitamin-d-repletion", asOf, false, List.of("M5"),
                        what + ": replete vitamin D before any antiresorptive infusion or injection", List.of("ENDO-2011"),
                        List.of(r.sourceId()));
                add("lab-vitamin-d", r.date().plusMonths(M5_RECHECK_MONTHS), true, List.of("M5"),
                        "recheck 3 months after repletion: " + what, List.of("ENDO-2011"), List.of(r.sourceId()));
            }
            // M4
            if (calcium.reading().isEmpty()) {
                add("lab-calcium", asOf, false, List.of("M4"), "no serum calcium since " + labFrom, List.of("HADJI-2017"), List.of());
            }
            // M6, M7
            add("calcium-vitamin-d", asOf, false, List.of("M6"),
                    "aromatase-inhibitor therapy: total calcium intake 1,000-1,200 mg/day, diet first, and vitamin D3 800-1,000 IU/day",
                    List.of("ASCO-2019", "HADJI-2017", "SEEDS"), List.of());
            boolean cautious = category == WhoCategory.OSTEOPOROSIS || rf.get(RiskFactor.RF5).present();
            add("exercise", asOf, false, List.of("M7"),
                    "weight-bearing activity 3-4 sessions/week, progressive resistance training 2-3 sessions/week and balance training"
                            + (cautious ? "; because of " + (category == WhoCategory.OSTEOPOROSIS ? "osteoporosis (T-score "
                                    + Text.score(t.orElseThrow()) + ")" : "a fragility fracture (RF5)")
                                    + ", avoid high-impact jumping and start supervised" : ""),
                    List.of("SEEDS", "ASCO-2019"), List.of());
            // M8
            Optional<SmokingAnswer> smoking = RiskFactors.latestSmoking(s.smokingAnswers(), asOf);
            if (rf.get(RiskFactor.RF7).present() && smoking.map(a -> a.category() == SmokingAnswer.Category.CURRENT).orElse(false)) {
                add("smoking-cessation", asOf, false, List.of("M8"), "current smoker (" + smoking.get().date() + ")",
                        List.of("SEEDS"), List.of(smoking.get().sourceId()));
            }
            // M9
            Optional<LabResult> audit = Labs.latestHighest(s.labs(), LabResult.Kind.AUDIT_C, labFrom, asOf);
            BigDecimal cutOff = population == Population.MALE ? M9_AUDIT_C_MEN : M9_AUDIT_C_WOMEN;
            if (audit.isPresent() && audit.get().value().compareTo(cutOff) >= 0) {
                add("alcohol-moderation", asOf, false, List.of("M9"), "AUDIT-C total " + Text.num(audit.get().value()).replace(".0", "")
                        + " (" + audit.get().date() + ") is at or above " + cutOff, List.of("SEEDS"), List.of(audit.get().sourceId()));
            }
            // M10
            List<String> falls = new ArrayList<>();
            if (rf.get(RiskFactor.RF2).present()) {
                falls.add(rf.get(RiskFactor.RF2).reason());
            }
            if (rf.get(RiskFactor.RF5).present()) {
                falls.add(rf.get(RiskFactor.RF5).reason());
            }
            if (!falls.isEmpty()) {
                add("fall-prevention", asOf, false, List.of("M10"), String.join("; ", falls) + ": fall-risk assessment",
                        List.of("SEEDS"), List.of());
            }
            // T1–T3
            // T1; T2 lab-creatinine source (not named in RULES.md): PROLIA-LABEL
            boolean t1 = antiresorptive(population, t, z, rf, loss, protection);
            if (t1) {
                boolean dental = s.dentalExams().stream().anyMatch(d -> !d.date().isAfter(asOf)
                        && !d.date().isBefore(asOf.minusMonths(T2_DENTAL_MONTHS)));
                if (!dental) {
                    add("dental-exam", asOf, false, List.of("T2"),
                            "no dental examination since " + asOf.minusMonths(T2_DENTAL_MONTHS)
                                    + ": dental assessment before the first antiresorptive dose",
                            List.of("MRONJ-2019"), List.of());
                } else {
                    find("T2", "dental exam within 12 months: no new dental exam", List.of());
                }
                LocalDate renalFrom = asOf.minusMonths(T2_RENAL_MONTHS);
                Optional<LabResult> kidney = s.labs().stream()
                        .filter(l -> l.kind() == LabResult.Kind.EGFR || l.kind() == LabResult.Kind.CREATININE)
                        .filter(l -> !l.date().isAfter(asOf) && !l.date().isBefore(renalFrom))
                        .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
                if (kidney.isEmpty()) {
                    add("lab-creatinine", asOf, false, List.of("T2"),
                            "no eGFR or creatinine since " + renalFrom + ": check renal function before antiresorptive therapy",
                            List.of("PROLIA-LABEL"), List.of());
                } else {
                    labIds.add(kidney.get().sourceId());
                    find("T2", "renal function measured " + kidney.get().date() + ": no new creatinine", List.of(kidney.get().sourceId()));
                }
                List<String> cautions = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                if (renal.status() == LabStatus.Renal.REDUCED || renal.status() == LabStatus.Renal.SEVERELY_REDUCED) {
                    LabReading r = renal.reading().orElseThrow();
                    cautions.add("eGFR " + Text.num(r.value()).replace(".0", "") + " (" + r.date() + ") is below "
                            + (renal.status() == LabStatus.Renal.SEVERELY_REDUCED ? "30: denosumab only under specialist care; "
                                    : "35: ") + "avoid zoledronic acid and oral bisphosphonates");
                    ids.add(r.sourceId());
                }
                if (calcium.status() == LabStatus.Calcium.LOW) {
                    LabReading r = calcium.reading().orElseThrow();
                    cautions.add("calcium " + Text.num(r.value()) + " " + r.unit() + " (" + r.date() + ") is low: correct it first");
                    ids.add(r.sourceId());
                }
                if (vitD.status() == LabStatus.VitaminD.DEFICIENT) {
                    LabReading r = vitD.reading().orElseThrow();
                    cautions.add("25-OH vitamin D " + Text.num(r.value()) + " " + r.unit() + " (" + r.date()
                            + ") is deficient: replete it first");
                    ids.add(r.sourceId());
                }
                if (!cautions.isEmpty()) {
                    add("antiresorptive-precautions", asOf, false, List.of("T3"), String.join("; ", cautions),
                            List.of("PROLIA-LABEL"), ids);
                }
            }
            // P1
            if (population == Population.MALE && episode.latestIngredient() == DrugClass.ANASTROZOLE) {
                Optional<LabResult> e2 = s.labs().stream().filter(l -> l.kind() == LabResult.Kind.ESTRADIOL && !l.date().isAfter(asOf))
                        .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
                e2.ifPresent(r -> labIds.add(r.sourceId()));
                add("lab-estradiol", e2.map(r -> r.date().plusMonths(P1_ESTRADIOL_MONTHS)).orElse(asOf), e2.isPresent(),
                        List.of("P1"), e2.map(r -> "man on anastrozole: estradiol every 6 months; last " + r.date())
                                .orElse("man on anastrozole: no estradiol on record"),
                        List.of("MEN-2009", "SEEDS"), e2.map(r -> List.of(r.sourceId())).orElse(List.of()));
            }
        }

        /** T1. Returns whether it fired. */
        private boolean antiresorptive(Population population, Optional<ScoreReading> t, Optional<ScoreReading> z,
                Map<RiskFactor, RiskFactorFinding> rf, Optional<BmdTrend> loss, Protection protection) {
            if (protection.onAntiresorptive()) {
                find("T1", "already on antiresorptive therapy (A6): no new antiresorptive", protection.sourceIds());
                return false;
            }
            List<String> triggers = new ArrayList<>();
            boolean strong = false;
            List<String> ids = new ArrayList<>();
            List<RiskFactorFinding> present = rf.values().stream().filter(RiskFactorFinding::present).toList();
            if (population == Population.MALE) {
                if (t.isPresent() && t.get().value().compareTo(T1_ASCO_TSCORE_AT_MOST) <= 0) {
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
                            + present.stream().map(f -> f.factor() + " " + f.reason()).collect(Collectors.joining("; ")) + ")");
                    present.forEach(f -> ids.addAll(f.sourceIds()));
                }
                if (population == Population.PREMENOPAUSAL_OFS && z.isPresent() && z.get().value().compareTo(T1_ZSCORE_BELOW) < 0) {
                    triggers.add("Z-score " + Text.score(z.get()) + " is below " + Text.num(T1_ZSCORE_BELOW)
                            + " (premenopausal with ovarian function suppression)");
                    ids.add(z.get().sourceId());
                    strong = true;
                }
            }
            if (rf.get(RiskFactor.RF5).present()) {
                triggers.add("fragility fracture (RF5: " + rf.get(RiskFactor.RF5).reason() + ")");
                ids.addAll(rf.get(RiskFactor.RF5).sourceIds());
                strong = true;
            }
            if (loss.isPresent()) {
                BmdTrend l = loss.get();
                triggers.add("significant BMD loss at the " + l.site().label() + ": " + Text.num1(l.percentChange()) + " % from "
                        + l.earlierDate() + " to " + l.latestDate() + " (least significant change "
                        + Text.num(l.leastSignificantChange().orElseThrow()) + " %)");
                ids.addAll(l.sourceIds());
                strong = true;
            }
            if (triggers.isEmpty()) {
                find("T1", "no antiresorptive trigger (" + present.size() + " risk factor(s) present)", List.of());
                return false;
            }
            // T1 choice: "only trigger is a T-score between -2.5 and -2.0 or the RF count" = no strong trigger
            String note = strong ? "" : "; note: ASCO-2019 would start bone-directed therapy only at a T-score of \u22122.5 or lower";
            add("antiresorptive", asOf, false, List.of("T1"), String.join("; ", triggers)
                    + ": bone-directed therapy for as long as the aromatase inhibitor is taken: denosumab 60 mg SC every 6 months,"
                    + " or zoledronic acid 4 mg IV every 6 months, or oral alendronate 70 mg weekly / risedronate 35 mg weekly /"
                    + " ibandronate 150 mg monthly" + note,
                    population == Population.MALE ? List.of("ASCO-2019") : List.of("HADJI-2017"), ids);
            return true;
        }

        /** E1 (§5). */
        private void endedPlan(Episode episode, List<DxaExams.Exam> exams) {
            LocalDate end = episode.end().orElseThrow();
            Optional<DxaExams.Exam> last = exams.stream().filter(x -> !x.date().isAfter(end)).reduce((a, b) -> b);
            WhoCategory lastCategory = last.map(x -> DxaExams.category(x.lowestTScore())).orElse(WhoCategory.UNKNOWN);
            last.ifPresent(x -> dxaIds.addAll(x.sourceIds()));
            if (lastCategory == WhoCategory.NORMAL) {
                find("E1", "therapy ended " + end + "; last DXA " + last.get().date() + " normal: no post-therapy DXA", last.get().sourceIds());
                return;
            }
            add("dxa-followup", end.plusMonths(E1_FOLLOWUP_MONTHS), true, List.of("E1"),
                    "aromatase-inhibitor therapy ended " + end + "; "
                            + last.map(x -> "last DXA " + x.date() + " category " + lastCategory.code()).orElse("no DXA on record")
                            + ": DXA 12 months after the end (bone loss stops after the drug ends)",
                    List.of("SEEDS"), last.map(DxaExams.Exam::sourceIds).orElse(List.of()));
        }

        /** T4 (§5). Fires for active and ended episodes, whatever A6 says. */
        private void denosumabTransition(List<MedicationEvidence> exposures, Episode episode) {
            List<MedicationEvidence> dmab = exposures.stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_60).toList();
            if (dmab.isEmpty()) {
                return;
            }
            Optional<LocalDate> lastDose = dmab.stream().map(e -> TherapyEpisodes.start(e, asOf)).max(Comparator.naturalOrder());
            List<MedicationEvidence> orders = dmab.stream().filter(e -> e.source() == MedicationEvidence.Source.STATEMENT
                    || e.source() == MedicationEvidence.Source.REQUEST).toList();
            boolean activeOrder = orders.stream().anyMatch(e -> TherapyEpisodes.ongoing(e, asOf)
                    && !e.status().equals("stopped") && !e.status().equals("completed"));
            boolean recent = lastDose.map(d -> !d.isBefore(asOf.minusMonths(T4_GIVEN_WITHIN_MONTHS))).orElse(false) || activeOrder;
            if (!recent) {
                return;
            }
            List<String> ids = dmab.stream().map(MedicationEvidence::sourceId).distinct().sorted().toList();
            List<String> why = new ArrayList<>();
            LocalDate limit = asOf.minusMonths(T4_DOSE_INTERVAL_MONTHS);
            if (lastDose.get().isBefore(limit)) {
                // §5 T4: with an active statement/request, (a) means no dose was recorded in 7 months
                why.add(activeOrder
                        ? "no dose recorded since " + lastDose.get() + "; confirm the injection schedule"
                        : "last denosumab 60 mg dose " + lastDose.get() + " is more than 7 months ago");
            }
            orders.stream().filter(e -> e.status().equals("stopped")).map(MedicationEvidence::sourceId).sorted()
                    .forEach(id -> why.add("denosumab stopped (" + id + ")"));
            if (!episode.active()) {
                why.add("the aromatase-inhibitor therapy ended " + episode.end().orElseThrow());
            }
            if (why.isEmpty()) {
                find("T4", "denosumab 60 mg on schedule (last dose " + lastDose.get() + ")", ids);
                return;
            }
            otherIds.addAll(ids);
            recs.add(new Recommendation("denosumab-transition", display("denosumab-transition"), asOf, false, Optional.empty(),
                    List.of("T4"), String.join("; ", why) + ": never stop denosumab without follow-on therapy; give the next dose now,"
                            + " or plan a follow-on bisphosphonate (zoledronic acid about 6 months after the last injection,"
                            + " or an oral bisphosphonate for at least 12 months)",
                    List.of("ECTS-2021"), Recommendation.Urgency.URGENT, Recommendation.Kind.ADVICE, ids));
        }

        /** Adds a recommendation, applying §0 Overdue when {@code overdueApplies}. */
        private void add(String code, LocalDate due, boolean overdueApplies, List<String> ruleIds, String reason,
                List<String> sources, List<String> supporting) {
            boolean overdue = overdueApplies && due.isBefore(asOf);
            LocalDate effective = due.isBefore(asOf) ? asOf : due;
            String text = overdue ? reason + "; overdue since " + due : reason;
            recs.add(new Recommendation(code, display(code), effective, overdue, overdue ? Optional.of(due) : Optional.empty(),
                    ruleIds, text, sources, Recommendation.Urgency.ROUTINE, Recommendation.kindOf(code), supporting));
        }

        private static String display(String code) {
            return CodeTables.standard().recommendationDisplay(code).orElse(code);
        }
    }
}

package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.guideline.ClinicalCase.of;
import static org.bonemonitor.guideline.TestSnapshot.aSnapshot;
import static org.bonemonitor.guideline.ThresholdCases.base;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bonemonitor.terminology.Groups;

/** Named behaviour of each rule beyond the worked scenarios (evaluation date 2026-06-01). */
public final class RuleCases {

    private RuleCases() {
    }

    static TestSnapshot starting() {
        return aSnapshot().female().bornOn("1968-01-01");
    }

    public static List<ClinicalCase> all() {
        return List.of(
                // D2
                of("a not-taken anastrozole statement is no therapy",
                        starting().withStatement(DrugClass.ANASTROZOLE, "not-taken", "2026-05-01", null),
                        a -> assertThat(a.outcome()).isEqualTo(Outcome.NO_AI_THERAPY)),
                of("a cancelled letrozole order is no therapy",
                        starting().withRequest(DrugClass.LETROZOLE, "cancelled", "order", "2026-05-01"),
                        a -> assertThat(a.outcome()).isEqualTo(Outcome.NO_AI_THERAPY)),
                of("a letrozole proposal is a suggestion, not therapy",
                        starting().withRequest(DrugClass.LETROZOLE, "active", "proposal", "2026-05-01"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.NO_AI_THERAPY);
                            assertThat(a.findings()).anyMatch(f -> f.ruleId().equals("D2"));
                        }),
                of("a stopped anastrozole order with no end is active, unconfirmed (§6 D4): confirm the therapy",
                        starting().withRequest(DrugClass.ANASTROZOLE, "stopped", "order", "2026-03-01"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.PLAN);
                            assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
                            assertThat(a.episode().orElseThrow().newStart()).isFalse();
                            assertThat(a.recommendationCodes()).contains("confirm-therapy");
                        }),
                of("a stopped letrozole order with no end and a first dose given the same day is active, unconfirmed (§6 D4, Synthea's shape)",
                        starting().withRequest(DrugClass.LETROZOLE, "stopped", "order", "2026-04-11").withAdministration(DrugClass.LETROZOLE, "2026-04-11"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.PLAN);
                            assertThat(a.episode().orElseThrow().active()).isTrue();
                            assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
                            assertThat(a.recommendationCodes()).contains("confirm-therapy", "dxa-baseline");
                        }),
                of("a stopped letrozole order with no end and a dose given a month later: one dose ends nothing, still unconfirmed",
                        starting().withRequest(DrugClass.LETROZOLE, "stopped", "order", "2026-03-01").withAdministration(DrugClass.LETROZOLE, "2026-04-01"),
                        a -> {
                            assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
                            assertThat(a.recommendationCodes()).contains("confirm-therapy");
                        }),
                of("a stopped letrozole order with no end and a later statement that ended: the statement says more, the episode ended",
                        starting().withRequest(DrugClass.LETROZOLE, "stopped", "order", "2025-03-01")
                                .withStatement(DrugClass.LETROZOLE, "completed", "2025-04-01", "2026-02-01"),
                        a -> {
                            assertThat(a.episode().orElseThrow().active()).isFalse();
                            assertThat(a.episode().orElseThrow().end()).contains(LocalDate.parse("2026-02-01"));
                        }),
                of("a woman recorded as deceased before the evaluation date gets no plan (D8, our reading: RULES.md is silent)",
                        starting().withAnastrozoleStartedOn("2026-03-01").deceased("2026-05-20"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.OUT_OF_SCOPE);
                            assertThat(a.outcomeReason()).contains("recorded as deceased (2026-05-20)");
                            assertThat(a.recommendationCodes()).isEmpty();
                        }),
                of("deceasedBoolean true without a date is deceased too",
                        starting().withAnastrozoleStartedOn("2026-03-01").deceased(null),
                        a -> assertThat(a.outcomeReason()).contains("recorded as deceased;")),
                // D3
                of("a completed exemestane statement without any date proves past exposure only: no episode (§6 D3)",
                        starting().withStatement(DrugClass.EXEMESTANE, "completed", null, null),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.NO_AI_THERAPY);
                            assertThat(a.outcomeReason()).contains("without any date");
                        }),
                of("an active anastrozole statement whose period ended is ended, whatever its status",
                        starting().withStatement(DrugClass.ANASTROZOLE, "active", "2024-01-01", "2026-01-01").withTScore("2025-06-01", DxaSite.SPINE, "-1.2"),
                        a -> {
                            assertThat(a.episode().orElseThrow().active()).isFalse();
                            assertThat(a.recommendationCodes()).containsExactly("dxa-followup");
                            assertThat(a.recommendation("dxa-followup").orElseThrow().ruleIds()).containsExactly("E1");
                        }),
                // D4
                of("switching from tamoxifen to letrozole starts the episode at the letrozole start",
                        starting().withStatement(DrugClass.TAMOXIFEN, "completed", "2023-01-01", "2026-01-01").withLetrozoleStartedOn("2026-01-02"),
                        a -> {
                            assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2026-01-02"));
                            assertThat(a.findings()).anyMatch(f -> f.ruleId().equals("D4") && f.text().contains("tamoxifen"));
                        }),
                of("switching from anastrozole to exemestane continues the episode",
                        starting().withStatement(DrugClass.ANASTROZOLE, "completed", "2024-01-01", "2025-06-01").withExemestaneStartedOn("2025-07-01"),
                        a -> {
                            assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2024-01-01"));
                            assertThat(a.episode().orElseThrow().latestIngredient()).isEqualTo(DrugClass.EXEMESTANE);
                        }),
                // D5
                of("letrozole ordered to start on 2026-07-01 is a new start with the baseline DXA due on that day",
                        starting().withRequest(DrugClass.LETROZOLE, "active", "order", "2026-07-01"),
                        a -> {
                            assertThat(a.episode().orElseThrow().newStart()).isTrue();
                            assertThat(a.recommendation("dxa-baseline").orElseThrow().dueDate()).isEqualTo(LocalDate.parse("2026-07-01"));
                            assertThat(a.recommendation("dxa-baseline").orElseThrow().overdue()).isFalse();
                        }),
                of("anastrozole since 2024 without DXA: baseline DXA overdue since the start, due now",
                        starting().withAnastrozoleStartedOn("2024-01-01"),
                        a -> {
                            Recommendation r = a.recommendation("dxa-baseline").orElseThrow();
                            assertThat(r.dueDate()).isEqualTo(LocalDate.parse("2026-06-01"));
                            assertThat(r.reason()).contains("overdue since 2024-01-01");
                            assertThat(a.episode().orElseThrow().ongoing()).isTrue();
                        }),
                // D6
                of("a premenopausal state recorded makes the population premenopausal-ofs",
                        starting().withAnastrozoleStartedOn("2026-05-01").withMenopausalState("2026-04-01", true),
                        a -> assertThat(a.population()).contains(Population.PREMENOPAUSAL_OFS)),
                of("goserelin last given 7 months ago no longer counts: postmenopausal",
                        starting().withAnastrozoleStartedOn("2026-05-01").withAdministration(DrugClass.GNRH_AGONIST, "2025-10-31"),
                        a -> assertThat(a.population()).contains(Population.POSTMENOPAUSAL)),
                of("unknown gender uses the postmenopausal rules with a data gap",
                        starting().gender(Gender.UNKNOWN).withAnastrozoleStartedOn("2026-05-01").withMenopausalState("2026-04-01", true),
                        a -> {
                            assertThat(a.population()).contains(Population.POSTMENOPAUSAL);
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.GENDER);
                        }),
                // D7
                of("a bone-metastasis condition puts the patient out of scope",
                        starting().withAnastrozoleStartedOn("2026-05-01").withCondition(Groups.BONE_METASTASIS, "2026-01-01"),
                        a -> assertThat(a.outcome()).isEqualTo(Outcome.OUT_OF_SCOPE)),
                // A1
                of("forearm T-score counts only when the exam has no spine or hip value",
                        base().withTScore("2026-05-01", DxaSite.FOREARM, "-3.0").withTScore("2026-05-01", DxaSite.SPINE, "-1.2"),
                        a -> assertThat(a.currentTScore().orElseThrow().site()).isEqualTo(DxaSite.SPINE)),
                of("a forearm-only exam gives the current T-score",
                        base().withTScore("2026-05-01", DxaSite.FOREARM, "-3.0"),
                        a -> assertThat(a.category()).isEqualTo(WhoCategory.OSTEOPOROSIS)),
                of("a generic T-score (LOINC 38265-5) counts only when it is the exam's only T-score",
                        base().withTScore("2026-05-01", DxaSite.UNSPECIFIED, "-2.8").withTScore("2026-05-10", DxaSite.FOREARM, "-1.1"),
                        a -> assertThat(a.currentTScore().orElseThrow().value()).isEqualByComparingTo("-1.1")),
                of("a generic T-score alone is used",
                        base().withTScore("2026-05-01", DxaSite.UNSPECIFIED, "-2.8"),
                        a -> assertThat(a.currentTScore().orElseThrow().value()).isEqualByComparingTo("-2.8")),
                of("results 30 days after the exam's first result join it; 31 days opens a new exam",
                        base().withTScore("2026-03-01", DxaSite.SPINE, "-2.6").withTScore("2026-03-31", DxaSite.TOTAL_HIP, "-1.0")
                                .withTScore("2026-05-01", DxaSite.FEMORAL_NECK, "-1.1"),
                        a -> {
                            assertThat(a.currentTScore().orElseThrow().value()).isEqualByComparingTo("-1.1");
                            assertThat(a.findings()).filteredOn(f -> f.ruleId().equals("A1")).hasSize(2);
                        }),
                // A3
                of("a DXA older than 24 months leaves the category unknown",
                        base().withTScore("2024-05-31", DxaSite.SPINE, "-2.6"),
                        a -> {
                            assertThat(a.category()).isEqualTo(WhoCategory.UNKNOWN);
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.DXA);
                        }),
                of("a latest exam with only BMD values leaves the category unknown",
                        base().withTScore("2025-05-01", DxaSite.SPINE, "-2.6").withBmd("2026-05-01", DxaSite.SPINE, "0.900"),
                        a -> assertThat(a.category()).isEqualTo(WhoCategory.UNKNOWN)),
                // A4
                of("a parent's hip fracture in family history is RF4",
                        base().withFamilyHistory(true, Groups.FRACTURE_HIP), ThresholdCases.rf(RiskFactor.RF4, FactorStatus.PRESENT)),
                of("a sibling's hip fracture is not RF4",
                        base().withFamilyHistory(false, Groups.FRACTURE_HIP), ThresholdCases.rf(RiskFactor.RF4, FactorStatus.ABSENT)),
                of("a wrist fracture at 45 is not RF5",
                        base().withCondition(Groups.FRACTURE_PREFIX + "wrist", "2013-06-01"), ThresholdCases.rf(RiskFactor.RF5, FactorStatus.ABSENT)),
                of("a fracture without onset makes RF5 unknown",
                        base().withCondition(Groups.FRACTURE_PREFIX + "vertebral", null), ThresholdCases.rf(RiskFactor.RF5, FactorStatus.UNKNOWN)),
                of("an osteoporotic fracture at any age is RF5 and starts an antiresorptive",
                        base().withCondition(Groups.OSTEOPOROTIC_FRACTURE, "2000-01-01"), a -> {
                            assertThat(a.riskFactor(RiskFactor.RF5)).isEqualTo(FactorStatus.PRESENT);
                            assertThat(a.recommendationCodes()).contains("antiresorptive", "fall-prevention");
                            assertThat(a.recommendation("exercise").orElseThrow().reason()).contains("avoid high-impact");
                        }),
                of("an active long-term steroid condition is RF6",
                        base().withCondition(Groups.LONG_TERM_STEROIDS, null), ThresholdCases.rf(RiskFactor.RF6, FactorStatus.PRESENT)),
                of("an unknown smoking answer makes RF7 unknown and a data gap",
                        base().withSmoking("2026-05-20", SmokingAnswer.Category.OTHER), a -> {
                            assertThat(a.riskFactor(RiskFactor.RF7)).isEqualTo(FactorStatus.UNKNOWN);
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.SMOKING_STATUS);
                        }),
                of("a birth year only decides RF2 when every possible birth date agrees",
                        base().bornIn(BirthDate.ofYear(1950)), ThresholdCases.rf(RiskFactor.RF2, FactorStatus.PRESENT)),
                of("no birth date makes RF2 unknown and a data gap",
                        aSnapshot().withAnastrozoleStartedOn("2025-01-01"), a -> {
                            assertThat(a.riskFactor(RiskFactor.RF2)).isEqualTo(FactorStatus.UNKNOWN);
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.BIRTH_DATE);
                        }),
                // A6
                of("denosumab given 3 months ago protects: no new antiresorptive despite osteoporosis",
                        ThresholdCases.withSpineT("-2.8").withAdministration(DrugClass.DENOSUMAB_60, "2026-03-01"), a -> {
                            assertThat(a.protection().onAntiresorptive()).isTrue();
                            assertThat(a.recommendationCodes()).doesNotContain("antiresorptive", "dental-exam", "denosumab-transition");
                        }),
                of("raloxifene is noted but does not protect",
                        ThresholdCases.withSpineT("-2.8").withActive(DrugClass.RALOXIFENE, "2026-01-01"), a -> {
                            assertThat(a.protection().raloxifeneNoted()).isTrue();
                            assertThat(a.recommendationCodes()).contains("antiresorptive");
                        }),
                // M2 intervals
                of("RF1 shortens the follow-up DXA to 12 months",
                        base().withTScore("2025-01-01", DxaSite.SPINE, "-1.6").withTScore("2026-01-10", DxaSite.SPINE, "-1.6"),
                        a -> assertThat(a.recommendation("dxa-followup").orElseThrow().dueDate()).isEqualTo(LocalDate.parse("2027-01-10"))),
                // M5 overdue recheck
                of("a deficient vitamin D from 5 months ago: repletion and a recheck overdue since 3 months after it",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn("2025-01-01").withVitaminD("2026-01-01", "12", "ng/mL"),
                        a -> {
                            assertThat(a.recommendationCodes()).contains("vitamin-d-repletion");
                            Recommendation r = a.recommendation("lab-vitamin-d").orElseThrow();
                            assertThat(r.ruleIds()).containsExactly("M5");
                            assertThat(r.originalDueDate()).contains(LocalDate.parse("2026-04-01"));
                            assertThat(r.dueDate()).isEqualTo(LocalDate.parse("2026-06-01"));
                        }),
                // M8
                of("a former smoker gets no cessation advice; a current one does",
                        base().withSmoking("2026-05-20", SmokingAnswer.Category.CURRENT), ThresholdCases.has("smoking-cessation")),
                // M10
                of("age 70 alone asks for a fall-risk assessment", base().bornOn("1956-01-01"), ThresholdCases.has("fall-prevention")),
                // T1
                of("two risk factors (age 70 and current smoker) start an antiresorptive with the ASCO note",
                        base().bornOn("1956-01-01").withSmoking("2026-05-20", SmokingAnswer.Category.CURRENT), a -> {
                            assertThat(a.recommendationCodes()).contains("antiresorptive");
                            assertThat(a.recommendation("antiresorptive").orElseThrow().reason()).contains("2 risk factors present")
                                    .contains("ASCO-2019 would");
                        }),
                of("an unknown risk factor never counts toward two",
                        aSnapshot().withAnastrozoleStartedOn("2025-01-01").withSmoking("2026-05-20", SmokingAnswer.Category.CURRENT),
                        ThresholdCases.hasNo("antiresorptive")),
                of("a man with significant loss starts an antiresorptive",
                        ThresholdCases.lsc(DxaSite.SPINE, "1.000", "0.900").male(), ThresholdCases.has("antiresorptive")),
                // T2
                of("a dental exam 6 months ago and an eGFR last month: no dental exam, no creatinine",
                        ThresholdCases.withSpineT("-2.8").withDentalExam("2025-12-01").withEgfr("2026-05-01", "80"), a -> {
                            assertThat(a.recommendationCodes()).contains("antiresorptive").doesNotContain("dental-exam", "lab-creatinine");
                            assertThat(a.findings()).filteredOn(f -> f.ruleId().equals("T2")).hasSize(2);
                        }),
                // T3
                of("low calcium before an antiresorptive asks for precautions",
                        ThresholdCases.withSpineT("-2.8").withCalcium("2026-05-20", "8.0"), a -> {
                            assertThat(a.recommendationCodes()).contains("antiresorptive-precautions");
                            assertThat(a.recommendation("antiresorptive-precautions").orElseThrow().reason()).contains("calcium 8.0 mg/dL");
                        }),
                // T4
                of("a stopped denosumab statement asks for an urgent transition",
                        base().withStatement(DrugClass.DENOSUMAB_60, "stopped", "2026-02-01", null), a -> {
                            Recommendation r = a.recommendation("denosumab-transition").orElseThrow();
                            assertThat(r.reason()).contains("denosumab stopped");
                            assertThat(r.urgency()).isEqualTo(Recommendation.Urgency.URGENT);
                        }),
                of("an active denosumab statement with no dose recorded for 8 months: confirm the injection schedule",
                        base().withActive(DrugClass.DENOSUMAB_60, "2025-10-01"), a -> assertThat(
                                a.recommendation("denosumab-transition").orElseThrow().reason())
                                .contains("no dose recorded since 2025-10-01; confirm the injection schedule")),
                of("denosumab given 3 months ago after the AI ended: transition and post-therapy DXA",
                        starting().withStatement(DrugClass.ANASTROZOLE, "completed", "2021-01-01", "2026-02-01")
                                .withAdministration(DrugClass.DENOSUMAB_60, "2026-03-01").withTScore("2025-06-01", DxaSite.SPINE, "-2.0"),
                        a -> {
                            assertThat(a.recommendationCodes()).containsExactlyInAnyOrder("denosumab-transition", "dxa-followup");
                            assertThat(a.recommendation("dxa-followup").orElseThrow().dueDate()).isEqualTo(LocalDate.parse("2027-02-01"));
                        }),
                // P1
                of("a man on anastrozole with estradiol 2 months ago: next estradiol 6 months after it",
                        base().male().withLab(LabResult.Kind.ESTRADIOL, "2026-04-01", "20", "pg/mL"),
                        a -> assertThat(a.recommendation("lab-estradiol").orElseThrow().dueDate()).isEqualTo(LocalDate.parse("2026-10-01"))),
                of("a man on letrozole needs no estradiol monitoring",
                        aSnapshot().male().bornOn("1960-01-01").withLetrozoleStartedOn("2026-05-01"), ThresholdCases.hasNo("lab-estradiol")),
                // E1
                of("AI ended with a normal last DXA: nothing left, the plan is completed",
                        starting().withStatement(DrugClass.ANASTROZOLE, "completed", "2021-01-01", "2026-01-01")
                                .withTScore("2025-06-01", DxaSite.SPINE, "-0.5"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.PLAN);
                            assertThat(a.recommendationCodes()).isEmpty();
                            assertThat(a.planCompleted()).isTrue();
                            assertThat(a.findings()).anyMatch(f -> f.ruleId().equals("E1"));
                        }),
                of("AI ended without any DXA: post-therapy DXA 12 months after the end",
                        starting().withStatement(DrugClass.LETROZOLE, "completed", "2021-01-01", "2025-03-01"),
                        a -> {
                            Recommendation r = a.recommendation("dxa-followup").orElseThrow();
                            assertThat(r.ruleIds()).containsExactly("E1");
                            assertThat(r.originalDueDate()).contains(LocalDate.parse("2026-03-01"));
                        }),
                of("AI ended more than 24 months ago: no plan",
                        starting().withStatement(DrugClass.LETROZOLE, "completed", "2019-01-01", "2024-05-31"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.THERAPY_ENDED_LONG_AGO);
                            assertThat(a.recommendationCodes()).isEmpty();
                        }),
                // provenance
                of("the assessment lists the breast-cancer condition and the AI evidence it used",
                        base().withCondition(Groups.BREAST_CANCER, "2024-11-01"), a -> {
                            assertThat(a.inputs().breastCancerConditions()).hasSize(1);
                            assertThat(a.inputs().aiEvidence()).hasSize(1);
                            assertThat(a.inputs().labObservations()).hasSize(2);
                        }),
                of("an intended future prednisone course is ignored",
                        base().withMedication(MedicationEvidence.of("MedicationRequest/future", DrugClass.GLUCOCORTICOID,
                                MedicationEvidence.Source.REQUEST, "active", Optional.of("order"), Optional.of(LocalDate.parse("2026-06-02")),
                                Optional.empty())),
                        ThresholdCases.rf(RiskFactor.RF6, FactorStatus.ABSENT)),
                of("a dispense with 90 days' supply is ongoing within its supply",
                        starting().withMedication(MedicationEvidence.of("MedicationDispense/d1", DrugClass.ANASTROZOLE,
                                MedicationEvidence.Source.DISPENSE, "completed", Optional.empty(), Optional.of(LocalDate.parse("2026-04-01")),
                                Optional.empty()).withSupply(java.time.Period.ofDays(90))),
                        a -> assertThat(a.episode().orElseThrow().active()).isTrue()),
                of("unobtainable medications make RF6 unknown, not absent",
                        base().unobtainable(DataKind.MEDICATIONS), a -> {
                            assertThat(a.riskFactor(RiskFactor.RF6)).isEqualTo(FactorStatus.UNKNOWN);
                            assertThat(a.riskFactor(RiskFactor.RF4)).isEqualTo(FactorStatus.ABSENT);
                            assertThat(Set.of(a.riskFactor(RiskFactor.RF5))).containsExactly(FactorStatus.ABSENT);
                        }));
    }
}

package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.guideline.ClinicalCase.of;
import static org.bonemonitor.guideline.TestSnapshot.aSnapshot;

import java.time.LocalDate;
import java.util.List;

/** Boundary cases for every threshold of RULES.md (evaluation date 2026-06-01). */
public final class ThresholdCases {

    private ThresholdCases() {
    }

    /** An ongoing anastrozole patient, 58, BMI 25, never smoker, with labs: only the tested input varies. */
    static TestSnapshot base() {
        return aSnapshot().female().bornOn("1968-01-01").withAnastrozoleStartedOn("2025-01-01")
                .withBmi("2026-05-01", "25").neverSmoker()
                .withVitaminD("2026-05-01", "35", LabResult.NG_PER_ML).withCalcium("2026-05-01", "9.4");
    }

    static TestSnapshot withSpineT(String t) {
        return base().withTScore("2026-05-01", DxaSite.SPINE, t);
    }

    static java.util.function.Consumer<BoneHealthAssessment> category(WhoCategory c) {
        return a -> assertThat(a.category()).isEqualTo(c);
    }

    static java.util.function.Consumer<BoneHealthAssessment> has(String code) {
        return a -> assertThat(a.recommendationCodes()).contains(code);
    }

    static java.util.function.Consumer<BoneHealthAssessment> hasNo(String code) {
        return a -> assertThat(a.recommendationCodes()).doesNotContain(code);
    }

    static java.util.function.Consumer<BoneHealthAssessment> rf(RiskFactor rf, FactorStatus st) {
        return a -> assertThat(a.riskFactor(rf)).as(rf.name()).isEqualTo(st);
    }

    static java.util.function.Consumer<BoneHealthAssessment> vitD(LabStatus.VitaminD st) {
        return a -> assertThat(a.vitaminD().status()).isEqualTo(st);
    }

    public static List<ClinicalCase> all() {
        return List.of(
                // A3 WHO categories
                of("T-score exactly -1.0 is normal", withSpineT("-1.0"), category(WhoCategory.NORMAL)),
                of("T-score -1.1 is osteopenia", withSpineT("-1.1"), category(WhoCategory.OSTEOPENIA)),
                of("T-score exactly -2.5 is osteoporosis", withSpineT("-2.5"), category(WhoCategory.OSTEOPOROSIS)),
                of("T-score -2.4 is osteopenia", withSpineT("-2.4"), category(WhoCategory.OSTEOPENIA)),
                // RF1
                of("T-score exactly -1.5 is not RF1", withSpineT("-1.5"), rf(RiskFactor.RF1, FactorStatus.ABSENT)),
                of("T-score -1.6 is RF1", withSpineT("-1.6"), rf(RiskFactor.RF1, FactorStatus.PRESENT)),
                // T1 T-score threshold
                of("T-score exactly -2.0 alone does not start an antiresorptive", withSpineT("-2.0"), hasNo("antiresorptive")),
                of("T-score -2.1 starts an antiresorptive, noting ASCO's -2.5", withSpineT("-2.1"), a -> {
                    assertThat(a.recommendationCodes()).contains("antiresorptive", "dental-exam", "lab-creatinine");
                    assertThat(a.recommendation("antiresorptive").orElseThrow().reason())
                            .contains("\u22122.1 (lumbar spine, 2026-05-01) is below \u22122.0").contains("ASCO-2019 would");
                }),
                of("man with T-score exactly -2.5 starts an antiresorptive", withSpineT("-2.5").male(), has("antiresorptive")),
                of("man with T-score -2.4 does not start an antiresorptive", withSpineT("-2.4").male(), hasNo("antiresorptive")),
                // RF2 age
                of("age exactly 65 is not RF2", base().bornOn("1961-06-01"), rf(RiskFactor.RF2, FactorStatus.ABSENT)),
                of("65 the day before the 66th birthday is not RF2", base().bornOn("1960-06-02"), rf(RiskFactor.RF2, FactorStatus.ABSENT)),
                of("66th birthday today is RF2", base().bornOn("1960-06-01"), rf(RiskFactor.RF2, FactorStatus.PRESENT)),
                // RF3 BMI
                of("BMI exactly 20 is not RF3", base().withBmi("2026-05-20", "20"), rf(RiskFactor.RF3, FactorStatus.ABSENT)),
                of("BMI 19.9 is RF3", base().withBmi("2026-05-20", "19.9"), rf(RiskFactor.RF3, FactorStatus.PRESENT)),
                of("weight 51.2 kg at 160 cm is BMI exactly 20: not RF3",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn("2025-01-01")
                                .withLab(LabResult.Kind.WEIGHT, "2026-05-01", "51.2", LabResult.KG)
                                .withLab(LabResult.Kind.HEIGHT, "2020-05-01", "160", LabResult.CM),
                        rf(RiskFactor.RF3, FactorStatus.ABSENT)),
                // A7 vitamin D
                of("vitamin D exactly 20 ng/mL is insufficient", base().withVitaminD("2026-05-20", "20", "ng/mL"),
                        vitD(LabStatus.VitaminD.INSUFFICIENT)),
                of("vitamin D 19.9 ng/mL is deficient", base().withVitaminD("2026-05-20", "19.9", "ng/mL"),
                        vitD(LabStatus.VitaminD.DEFICIENT)),
                of("vitamin D exactly 30 ng/mL is sufficient", base().withVitaminD("2026-05-20", "30", "ng/mL"),
                        vitD(LabStatus.VitaminD.SUFFICIENT)),
                of("vitamin D 29.9 ng/mL is insufficient", base().withVitaminD("2026-05-20", "29.9", "ng/mL"),
                        vitD(LabStatus.VitaminD.INSUFFICIENT)),
                of("vitamin D 50 nmol/L (20.03 ng/mL) is insufficient", base().withVitaminD("2026-05-20", "50", "nmol/L"),
                        vitD(LabStatus.VitaminD.INSUFFICIENT)),
                of("vitamin D 49.9 nmol/L (19.99 ng/mL) is deficient", base().withVitaminD("2026-05-20", "49.9", "nmol/L"),
                        vitD(LabStatus.VitaminD.DEFICIENT)),
                of("vitamin D 75 nmol/L (30.05 ng/mL) is sufficient", base().withVitaminD("2026-05-20", "75", "nmol/L"),
                        vitD(LabStatus.VitaminD.SUFFICIENT)),
                of("vitamin D 74.8 nmol/L (29.97 ng/mL) is insufficient", base().withVitaminD("2026-05-20", "74.8", "nmol/L"),
                        vitD(LabStatus.VitaminD.INSUFFICIENT)),
                of("vitamin D exactly 49.92 nmol/L is 20 ng/mL: insufficient", base().withVitaminD("2026-05-20", "49.92", "nmol/L"),
                        vitD(LabStatus.VitaminD.INSUFFICIENT)),
                // RF6 glucocorticoids
                of("182 days of prednisone is not RF6",
                        base().withStatement(DrugClass.GLUCOCORTICOID, "completed", "2025-06-01", "2025-11-30"),
                        rf(RiskFactor.RF6, FactorStatus.ABSENT)),
                of("183 days of prednisone is RF6",
                        base().withStatement(DrugClass.GLUCOCORTICOID, "completed", "2025-06-01", "2025-12-01"),
                        rf(RiskFactor.RF6, FactorStatus.PRESENT)),
                of("an open prednisone course of 183 days up to today is RF6",
                        base().withStatement(DrugClass.GLUCOCORTICOID, "active", "2025-11-30", null),
                        rf(RiskFactor.RF6, FactorStatus.PRESENT)),
                of("a request and a statement for the same 120-day course are not counted twice",
                        base().withStatement(DrugClass.GLUCOCORTICOID, "completed", "2025-06-01", "2025-09-29")
                                .withStatement(DrugClass.GLUCOCORTICOID, "completed", "2025-06-01", "2025-09-29"),
                        rf(RiskFactor.RF6, FactorStatus.ABSENT)),
                // A5 LSC
                of("spine BMD loss exactly 5.3 % is significant", lsc(DxaSite.SPINE, "1.000", "0.947"), a -> assertThat(a.significantLoss()).isTrue()),
                of("spine BMD loss 5.2 % is not significant", lsc(DxaSite.SPINE, "1.000", "0.948"), a -> assertThat(a.significantLoss()).isFalse()),
                of("total hip BMD loss exactly 5.0 % is significant", lsc(DxaSite.TOTAL_HIP, "0.800", "0.760"), a -> assertThat(a.significantLoss()).isTrue()),
                of("total hip BMD loss 4.9 % is not significant", lsc(DxaSite.TOTAL_HIP, "1.000", "0.951"), a -> assertThat(a.significantLoss()).isFalse()),
                of("femoral neck BMD loss exactly 6.9 % is significant", lsc(DxaSite.FEMORAL_NECK, "1.000", "0.931"), a -> assertThat(a.significantLoss()).isTrue()),
                of("femoral neck BMD loss 6.8 % is not significant", lsc(DxaSite.FEMORAL_NECK, "1.000", "0.932"), a -> assertThat(a.significantLoss()).isFalse()),
                // D5 new start
                of("anastrozole started exactly 180 days ago is a new start",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn(daysAgo(180)),
                        a -> assertThat(a.episode().orElseThrow().newStart()).isTrue()),
                of("anastrozole started 181 days ago is ongoing",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn(daysAgo(181)),
                        a -> assertThat(a.episode().orElseThrow().newStart()).isFalse()),
                // A2 episode exams
                of("DXA exactly 12 months before the start is the baseline exam",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn("2026-03-15").withTScore("2025-03-15", DxaSite.SPINE, "-1.0"),
                        a -> assertThat(a.recommendationCodes()).contains("dxa-followup").doesNotContain("dxa-baseline")),
                of("DXA 12 months and a day before the start is no baseline",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn("2026-03-15").withTScore("2025-03-14", DxaSite.SPINE, "-1.0"),
                        a -> assertThat(a.recommendationCodes()).contains("dxa-baseline").doesNotContain("dxa-followup")),
                // D4 gaps
                of("a gap of exactly 180 days keeps one episode",
                        aSnapshot().bornOn("1968-01-01").withStatement(DrugClass.ANASTROZOLE, "completed", "2025-01-01", "2025-06-01")
                                .withAnastrozoleStartedOn(LocalDate.parse("2025-06-01").plusDays(180).toString()),
                        a -> assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2025-01-01"))),
                of("a gap of 181 days starts a new episode",
                        aSnapshot().bornOn("1968-01-01").withStatement(DrugClass.ANASTROZOLE, "completed", "2025-01-01", "2025-06-01")
                                .withAnastrozoleStartedOn(LocalDate.parse("2025-06-01").plusDays(181).toString()),
                        a -> assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2025-06-01").plusDays(181))),
                // A7 renal and calcium
                of("eGFR exactly 35 is not reduced", base().withEgfr("2026-05-01", "35"), a -> assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.NORMAL)),
                of("eGFR 34 is reduced", base().withEgfr("2026-05-01", "34"), a -> assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.REDUCED)),
                of("eGFR exactly 30 is reduced, not severely", base().withEgfr("2026-05-01", "30"), a -> assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.REDUCED)),
                of("eGFR 29 is severely reduced", base().withEgfr("2026-05-01", "29"), a -> assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.SEVERELY_REDUCED)),
                of("calcium exactly 8.5 mg/dL is not low", base().withCalcium("2026-05-20", "8.5"), a -> assertThat(a.calcium().status()).isEqualTo(LabStatus.Calcium.NORMAL)),
                of("calcium 8.4 mg/dL is low", base().withCalcium("2026-05-20", "8.4"), a -> assertThat(a.calcium().status()).isEqualTo(LabStatus.Calcium.LOW)),
                of("calcium exactly 2.12 mmol/L is not low", base().withLab(LabResult.Kind.CALCIUM, "2026-05-20", "2.12", LabResult.MMOL_PER_L),
                        a -> assertThat(a.calcium().status()).isEqualTo(LabStatus.Calcium.NORMAL)),
                of("calcium 2.11 mmol/L is low", base().withLab(LabResult.Kind.CALCIUM, "2026-05-20", "2.11", LabResult.MMOL_PER_L),
                        a -> assertThat(a.calcium().status()).isEqualTo(LabStatus.Calcium.LOW)),
                // M9 AUDIT-C
                of("woman with AUDIT-C exactly 4 is advised to moderate alcohol", base().withLab(LabResult.Kind.AUDIT_C, "2026-05-01", "4", "{score}"),
                        has("alcohol-moderation")),
                of("woman with AUDIT-C 3 gets no alcohol advice", base().withLab(LabResult.Kind.AUDIT_C, "2026-05-01", "3", "{score}"),
                        hasNo("alcohol-moderation")),
                of("man with AUDIT-C 4 gets no alcohol advice", base().male().withLab(LabResult.Kind.AUDIT_C, "2026-05-01", "4", "{score}"),
                        hasNo("alcohol-moderation")),
                of("man with AUDIT-C exactly 5 is advised to moderate alcohol", base().male().withLab(LabResult.Kind.AUDIT_C, "2026-05-01", "5", "{score}"),
                        has("alcohol-moderation")),
                // T4 seven calendar months
                of("denosumab exactly 7 months ago is on schedule", base().withAdministration(DrugClass.DENOSUMAB_60, "2025-11-01"),
                        hasNo("denosumab-transition")),
                of("denosumab 7 months and a day ago is overdue: urgent transition", base().withAdministration(DrugClass.DENOSUMAB_60, "2025-10-31"),
                        a -> {
                            assertThat(a.recommendationCodes()).contains("denosumab-transition");
                            assertThat(a.protection().onAntiresorptive()).isFalse();
                        }),
                // A6 oral bisphosphonate one month
                of("oral bisphosphonate supply ending exactly 1 month ago still protects",
                        withSpineT("-2.6").withOralBisphosphonateDispensed("2026-04-24", 7), a -> {
                            assertThat(a.protection().onAntiresorptive()).isTrue();
                            assertThat(a.recommendationCodes()).doesNotContain("antiresorptive");
                        }),
                of("oral bisphosphonate supply ending a month and a day ago no longer protects",
                        withSpineT("-2.6").withOralBisphosphonateDispensed("2026-04-23", 7), a -> {
                            assertThat(a.protection().onAntiresorptive()).isFalse();
                            assertThat(a.recommendationCodes()).contains("antiresorptive");
                        }),
                // §0 month arithmetic
                of("the only DXA on 2024-02-29 is followed up on 2025-02-28 (month-end clamp), overdue: due now",
                        aSnapshot().bornOn("1968-01-01").withAnastrozoleStartedOn("2024-03-01")
                                .withTScore("2024-02-29", DxaSite.SPINE, "-0.5"),
                        a -> {
                            Recommendation r = a.recommendation("dxa-followup").orElseThrow();
                            assertThat(r.dueDate()).isEqualTo(LocalDate.parse("2026-06-01"));
                            assertThat(r.overdue()).isTrue();
                            assertThat(r.originalDueDate()).contains(LocalDate.parse("2025-02-28"));
                            assertThat(r.reason()).contains("overdue since 2025-02-28");
                        }));
    }

    static String daysAgo(int days) {
        return TestSnapshot.SCENARIO_DATE.minusDays(days).toString();
    }

    static TestSnapshot lsc(DxaSite site, String before, String after) {
        return base().withTScore("2025-05-01", site, "-1.0").withBmd("2025-05-01", site, before)
                .withTScore("2026-05-01", site, "-1.2").withBmd("2026-05-01", site, after);
    }
}

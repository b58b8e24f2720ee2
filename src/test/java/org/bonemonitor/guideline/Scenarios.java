package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.guideline.TestSnapshot.aSnapshot;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bonemonitor.guideline.DxaResult.Measure;
import org.bonemonitor.guideline.SmokingAnswer.Category;
import org.bonemonitor.terminology.Groups;

/** The worked scenarios of shared/clinical/scenarios.md (evaluation date 2026-06-01) as pure snapshots. */
public final class Scenarios {

    private Scenarios() {
    }

    /**
     * @param id       S01…S26
     * @param clinical the scenario in clinical words
     * @param expected recommendation codes with due dates ("code@yyyy-mm-dd"; no date = the evaluation date)
     */
    public record Scenario(String id, String clinical, PatientSnapshot snapshot, Outcome outcome, String expected,
            Consumer<BoneHealthAssessment> checks) {

        public Map<String, LocalDate> expectedDueDates() {
            Map<String, LocalDate> m = new LinkedHashMap<>();
            if (expected.isBlank()) {
                return m;
            }
            for (String part : expected.split(",\\s*")) {
                String[] cd = part.split("@");
                m.put(cd[0].trim(), cd.length > 1 ? LocalDate.parse(cd[1]) : snapshot.asOf());
            }
            return m;
        }

        @Override
        public String toString() {
            return id + " " + clinical;
        }
    }

    private static Scenario s(String id, String clinical, TestSnapshot b, Outcome outcome, String expected,
            Consumer<BoneHealthAssessment> checks) {
        return new Scenario(id, clinical, b.build(), outcome, expected, checks);
    }

    public static List<Scenario> all() {
        return List.of(
                s("S01", "anastrozole started 20 days ago, no DXA, no vitamin D → baseline DXA and labs due now",
                        aSnapshot().female().bornOn("1964-03-10").withAnastrozoleStartedOn("2026-05-12")
                                .withBmi("2026-05-12", "27").withSmoking("2026-05-12", Category.NEVER),
                        Outcome.PLAN, "dxa-baseline@2026-06-01, lab-vitamin-d, lab-calcium, calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.episode().orElseThrow().newStart()).isTrue();
                            assertThat(a.population()).contains(Population.POSTMENOPAUSAL);
                            assertThat(a.category()).isEqualTo(WhoCategory.UNKNOWN);
                            assertThat(a.dataGaps()).extracting(DataGap::input)
                                    .containsExactlyInAnyOrder(DataGap.DXA, DataGap.VITAMIN_D, DataGap.INDICATION);
                        }),
                s("S02", "woman of 70 on letrozole, T-score -1.7, former smoker → three risk factors, antiresorptive",
                        aSnapshot().female().bornOn("1956-01-15")
                                .withRequest(DrugClass.LETROZOLE, "active", "order", "2026-05-02")
                                .withTScore("2026-04-02", DxaSite.SPINE, "-1.7").withTScore("2026-04-02", DxaSite.TOTAL_HIP, "-1.2")
                                .withBmi("2026-04-02", "24").withSmoking("2026-04-02", Category.FORMER),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-followup@2027-04-02, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise, fall-prevention",
                        a -> {
                            assertThat(a.riskFactor(RiskFactor.RF1)).isEqualTo(FactorStatus.PRESENT);
                            assertThat(a.riskFactor(RiskFactor.RF2)).isEqualTo(FactorStatus.PRESENT);
                            assertThat(a.riskFactor(RiskFactor.RF7)).isEqualTo(FactorStatus.PRESENT);
                        }),
                s("S03", "exemestane, spine T-score -2.7 → osteoporosis, antiresorptive, supervised exercise",
                        aSnapshot().female().bornOn("1968-02-01").withExemestaneStartedOn("2026-05-22")
                                .withTScore("2026-02-21", DxaSite.SPINE, "-2.7").withTScore("2026-02-21", DxaSite.TOTAL_HIP, "-2.1")
                                .withBmi("2026-02-21", "26").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-followup@2027-02-21, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.category()).isEqualTo(WhoCategory.OSTEOPOROSIS);
                            assertThat(a.recommendation("exercise").orElseThrow().reason()).contains("avoid high-impact jumping");
                            assertThat(a.recommendation("antiresorptive").orElseThrow().reason()).doesNotContain("ASCO-2019 would");
                        }),
                s("S04", "anastrozole for a year, normal and stable bone → routine DXA in 24 months",
                        s04(aSnapshot(), "0.980"), Outcome.PLAN, "dxa-followup@2028-04-27, calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.episode().orElseThrow().ongoing()).isTrue();
                            assertThat(a.category()).isEqualTo(WhoCategory.NORMAL);
                            assertThat(a.bmdTrends()).singleElement().satisfies(t -> {
                                assertThat(t.percentChange()).isEqualByComparingTo("-2.0");
                                assertThat(t.significantLoss()).isFalse();
                            });
                            assertThat(a.riskFactors().values()).noneMatch(RiskFactorFinding::present);
                        }),
                s("S05", "anastrozole for a year, spine BMD fell 6 % with a normal T-score → bone-loss review, not treatment (2026.2)",
                        s04(aSnapshot(), "0.940"), Outcome.PLAN, "bone-loss-review, dxa-followup@2027-04-27, calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.significantLoss()).isTrue();
                            assertThat(a.recommendation("bone-loss-review").orElseThrow().ruleIds()).containsExactly("A9");
                        }),
                s("S06", "man on testosterone with anastrozole named only in free text → baseline DXA and estradiol",
                        aSnapshot().male().bornOn("1966-07-20").withActive(DrugClass.TESTOSTERONE, "2025-01-01")
                                .withMedication(MedicationEvidence.activeStatement("MedicationStatement/s06", DrugClass.ANASTROZOLE,
                                        LocalDate.parse("2026-05-17")).withText("Anastrozole 0.5mg twice weekly")),
                        Outcome.PLAN, "dxa-baseline@2026-06-01, lab-vitamin-d, lab-calcium, lab-estradiol@2026-06-01,"
                                + " calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.population()).contains(Population.MALE);
                            assertThat(a.dataGaps()).extracting(DataGap::input)
                                    .containsExactlyInAnyOrder(DataGap.DXA, DataGap.VITAMIN_D, DataGap.BMI, DataGap.SMOKING_STATUS,
                                            DataGap.INDICATION);
                        }),
                s("S07", "premenopausal woman on goserelin and exemestane with spine Z-score -2.2 → antiresorptive",
                        aSnapshot().female().bornOn("1984-03-03").withActive(DrugClass.GNRH_AGONIST, "2026-03-01")
                                .withExemestaneStartedOn("2026-04-02").withTScore("2026-04-12", DxaSite.SPINE, "-1.2")
                                .withZScore("2026-04-12", DxaSite.SPINE, "-2.2").withBmi("2026-04-12", "22").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-followup@2027-04-12, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise",
                        a -> assertThat(a.population()).contains(Population.PREMENOPAUSAL_OFS)),
                s("S08", "tamoxifen only → no aromatase-inhibitor therapy, no plan",
                        aSnapshot().female().bornOn("1959-04-04").withActive(DrugClass.TAMOXIFEN, "2026-01-10"),
                        Outcome.NO_AI_THERAPY, "",
                        a -> assertThat(a.outcomeReason()).contains("No aromatase-inhibitor therapy")),
                s("S09", "denosumab last given 8 months ago → urgent denosumab transition, not protected",
                        aSnapshot().female().bornOn("1960-02-14").withAnastrozoleStartedOn("2026-03-03")
                                .withAdministration(DrugClass.DENOSUMAB_60, "2025-10-04")
                                .withTScore("2026-02-21", DxaSite.SPINE, "-1.1").withTScore("2026-02-21", DxaSite.TOTAL_HIP, "-0.9")
                                .withBmi("2026-02-21", "23").neverSmoker(),
                        Outcome.PLAN, "denosumab-transition, dxa-followup@2027-02-21, lab-vitamin-d, lab-calcium,"
                                + " calcium-vitamin-d, exercise, fall-prevention",
                        a -> {
                            assertThat(a.protection().onAntiresorptive()).isFalse();
                            assertThat(a.recommendation("denosumab-transition").orElseThrow().urgency())
                                    .isEqualTo(Recommendation.Urgency.URGENT);
                        }),
                s("S10", "anastrozole statement entered in error → no plan",
                        aSnapshot().female().bornOn("1966-09-09")
                                .withStatement(DrugClass.ANASTROZOLE, "entered-in-error", "2026-05-01", null),
                        Outcome.NO_AI_THERAPY, "", a -> { }),
                s("S11", "letrozole completed two months ago, last DXA osteopenic → only a post-therapy DXA",
                        aSnapshot().female().bornOn("1962-01-01")
                                .withStatement(DrugClass.LETROZOLE, "completed", "2024-03-23", "2026-04-02")
                                .withTScore("2025-04-22", DxaSite.SPINE, "-1.8"),
                        Outcome.PLAN, "dxa-followup@2027-04-02",
                        a -> {
                            assertThat(a.episode().orElseThrow().active()).isFalse();
                            assertThat(a.planCompleted()).isFalse();
                        }),
                s("S12", "woman of 72 with a hip fracture at 68, anastrozole just started → antiresorptive and fall prevention",
                        aSnapshot().female().bornOn("1954-05-01").withAnastrozoleStartedOn("2026-05-27")
                                .withCondition(Groups.FRACTURE_HIP, "2022-06-10").withBmi("2026-05-27", "25").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-baseline@2026-06-01, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise, fall-prevention",
                        a -> assertThat(a.recommendation("exercise").orElseThrow().reason()).contains("avoid high-impact")),
                s("S13", "T-score -2.1, vitamin D 15 ng/mL, eGFR 28 → antiresorptive with precautions and repletion",
                        aSnapshot().female().bornOn("1965-01-20").withAnastrozoleStartedOn("2026-05-12")
                                .withTScore("2026-05-02", DxaSite.SPINE, "-2.1").withTScore("2026-05-02", DxaSite.TOTAL_HIP, "-1.4")
                                .withVitaminD("2026-05-02", "15", LabResult.NG_PER_ML).withEgfr("2026-05-02", "28")
                                .withBmi("2026-05-02", "29").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, antiresorptive-precautions, vitamin-d-repletion,"
                                + " lab-vitamin-d@2026-08-02, lab-calcium, dxa-followup@2027-05-02, calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.recommendation("antiresorptive").orElseThrow().reason()).contains("ASCO-2019 would");
                            assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.SEVERELY_REDUCED);
                        }),
                s("S14", "CDS order-sign of anastrozole, prefetch has only the patient → baseline DXA and labs",
                        aSnapshot().female().bornOn("1967-08-08").withDraftOrder(DrugClass.ANASTROZOLE)
                                .unobtainable(DataKind.CONDITIONS, DataKind.MEDICATIONS),
                        Outcome.PLAN, "dxa-baseline@2026-06-01, lab-vitamin-d, lab-calcium, calcium-vitamin-d, exercise",
                        a -> {
                            assertThat(a.episode().orElseThrow().newStart()).isTrue();
                            assertThat(a.riskFactor(RiskFactor.RF4)).isEqualTo(FactorStatus.UNKNOWN);
                            assertThat(a.riskFactor(RiskFactor.RF5)).isEqualTo(FactorStatus.UNKNOWN);
                            assertThat(a.riskFactor(RiskFactor.RF6)).isEqualTo(FactorStatus.UNKNOWN);
                        }),
                s("S15", "underweight daily smoker starting anastrozole → antiresorptive and smoking cessation",
                        aSnapshot().female().bornOn("1976-02-02").withAnastrozoleStartedOn("2026-05-02")
                                .withLab(LabResult.Kind.WEIGHT, "2026-05-02", "48", LabResult.KG)
                                .withLab(LabResult.Kind.HEIGHT, "2026-05-02", "162", LabResult.CM)
                                .withSmoking("2026-05-02", Category.CURRENT),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-baseline@2026-06-01, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise, smoking-cessation",
                        a -> assertThat(a.riskFactors().get(RiskFactor.RF3).reason()).contains("18.3")),
                s("S16", "letrozole via contained Femara, vitamin D 60 nmol/L insufficient → no repletion, no new test",
                        aSnapshot().female().bornOn("1963-10-10").withLetrozoleStartedOn("2026-04-20")
                                .withVitaminD("2026-04-20", "60", LabResult.NMOL_PER_L).withBmi("2026-04-20", "25").neverSmoker(),
                        Outcome.PLAN, "dxa-baseline@2026-06-01, lab-calcium, calcium-vitamin-d, exercise",
                        a -> assertThat(a.vitaminD().status()).isEqualTo(LabStatus.VitaminD.INSUFFICIENT)),
                s("S17", "anastrozole with Xgeva → metastatic bone disease, out of scope",
                        aSnapshot().female().bornOn("1965-06-06").withAnastrozoleStartedOn("2026-05-01")
                                .withActive(DrugClass.DENOSUMAB_120, "2026-05-01"),
                        Outcome.OUT_OF_SCOPE, "", a -> assertThat(a.outcomeReason()).contains("metastatic bone disease")),
                s("S18", "woman of 66 after 270 days of prednisone → two risk factors, antiresorptive",
                        aSnapshot().female().bornOn("1960-01-10").withAnastrozoleStartedOn("2026-05-02")
                                .withStatement(DrugClass.GLUCOCORTICOID, "completed", "2025-08-05", "2026-05-02")
                                .withBmi("2026-05-02", "26").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-baseline@2026-06-01, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise, fall-prevention",
                        a -> assertThat(a.riskFactors().get(RiskFactor.RF6).reason()).contains("270 days")),
                s("S19", "completed letrozole order of 3 months with one repeat → ends exactly on the evaluation date, still active",
                        aSnapshot().female().bornOn("1957-09-14")
                                .withMedication(aSnapshot().request(DrugClass.LETROZOLE, "completed", "order", "2025-12-01")
                                        .withSupply(java.time.Period.ofMonths(6)))
                                .withTScore("2025-11-20", DxaSite.SPINE, "-1.9").withTScore("2025-11-20", DxaSite.TOTAL_HIP, "-1.4")
                                .withBmi("2025-11-20", "24").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, lab-creatinine, dxa-followup@2026-11-20, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise, fall-prevention",
                        a -> assertThat(a.episode().orElseThrow().ongoing()).isTrue()),
                s("S20", "exemestane statement stopped with no end, started 2022 → active, unconfirmed: confirm therapy",
                        aSnapshot().female().bornOn("1961-11-30")
                                .withStatement(DrugClass.EXEMESTANE, "stopped", "2022-09-15", null)
                                .withCodedCondition(Groups.BREAST_CANCER, "http://hl7.org/fhir/sid/icd-10-cm|Z85.3", "2022-08-01", null)
                                .withBmi("2026-03-10", "31").withSmoking("2026-03-10", Category.CURRENT),
                        Outcome.PLAN, "confirm-therapy, dxa-baseline@2026-06-01, lab-vitamin-d, lab-calcium, calcium-vitamin-d, exercise,"
                                + " smoking-cessation",
                        a -> {
                            assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.THERAPY_END).doesNotContain(DataGap.INDICATION);
                            assertThat(a.recommendation("confirm-therapy").orElseThrow().reason()).contains("still takes exemestane");
                        }),
                s("S21", "premenopausal woman on anastrozole without ovarian suppression → confirm suppression, estradiol now",
                        aSnapshot().female().bornOn("1983-07-19").withMenopausalState("2025-10-01", true)
                                .withAnastrozoleStartedOn("2026-04-15").withBreastCancer("2026-03-20")
                                .withTScore("2026-04-20", DxaSite.SPINE, "-0.9").withZScore("2026-04-20", DxaSite.SPINE, "-0.8")
                                .withTScore("2026-04-20", DxaSite.TOTAL_HIP, "-0.7").withBmi("2026-04-20", "23").neverSmoker()
                                .withVitaminD("2026-04-20", "36", LabResult.NG_PER_ML).withCalcium("2026-04-20", "9.5")
                                .withLab(LabResult.Kind.ESTRADIOL, "2026-01-10", "85", "pg/mL"),
                        Outcome.PLAN, "ovarian-suppression-check, lab-estradiol@2026-06-01, dxa-followup@2027-04-20, calcium-vitamin-d,"
                                + " exercise, adjuvant-bisphosphonate",
                        a -> {
                            assertThat(a.population()).contains(Population.PREMENOPAUSAL_OFS);
                            assertThat(a.recommendation("ovarian-suppression-check").orElseThrow().urgency())
                                    .isEqualTo(Recommendation.Urgency.URGENT);
                        }),
                s("S22", "letrozole, DXA report with only a PDF → counts as the exam: follow-up, no new baseline",
                        aSnapshot().female().bornOn("1958-12-05").withRequest(DrugClass.LETROZOLE, "active", "order", "2025-08-01")
                                .withProcedure(Groups.PROCEDURE_DXA, "2025-09-10").withBmi("2026-02-01", "22").neverSmoker()
                                .withVitaminD("2026-02-01", "41", LabResult.NG_PER_ML).withCalcium("2026-02-01", "9.3"),
                        Outcome.PLAN, "dxa-followup@2026-09-10, calcium-vitamin-d, exercise, fall-prevention",
                        a -> {
                            assertThat(a.category()).isEqualTo(WhoCategory.UNKNOWN);
                            assertThat(a.dataGaps()).extracting(DataGap::input)
                                    .containsExactlyInAnyOrder(DataGap.DXA_VALUES, DataGap.DXA, DataGap.INDICATION);
                        }),
                s("S23", "zoledronic acid 10 months ago, strength not recorded → protected 13 months, review the regimen",
                        aSnapshot().female().bornOn("1959-05-22").withExemestaneStartedOn("2025-03-01")
                                .withStatement(DrugClass.BISPHOSPHONATE, "completed", "2025-07-15", "2025-07-15")
                                .withTScore("2025-02-20", DxaSite.SPINE, "-2.6").withBmi("2026-04-01", "27").neverSmoker()
                                .withVitaminD("2026-04-01", "33", LabResult.NG_PER_ML).withCalcium("2026-04-01", "9.6"),
                        Outcome.PLAN, "antiresorptive-review, dxa-followup@2026-06-01, calcium-vitamin-d, exercise, fall-prevention",
                        a -> {
                            assertThat(a.protection().onAntiresorptive()).isTrue();
                            assertThat(a.recommendation("dxa-followup").orElseThrow().overdue()).isTrue();
                        }),
                s("S24", "man of 75, creatinine 2.0 mg/dL and no eGFR → CKD-EPI 2021 eGFR 34.2, denosumab only",
                        aSnapshot().male().bornOn("1950-10-03").withAnastrozoleStartedOn("2026-02-10")
                                .withTScore("2026-02-01", DxaSite.SPINE, "-2.7").withTScore("2026-02-01", DxaSite.TOTAL_HIP, "-2.2")
                                .withLab(LabResult.Kind.CREATININE, "2026-05-15", "2.0", LabResult.MG_PER_DL)
                                .withLab(LabResult.Kind.ESTRADIOL, "2026-03-01", "18", "pg/mL")
                                .withVitaminD("2026-05-15", "34", LabResult.NG_PER_ML).withCalcium("2026-05-15", "9.4")
                                .withBmi("2026-05-15", "26").neverSmoker(),
                        Outcome.PLAN, "antiresorptive, dental-exam, antiresorptive-precautions, dxa-followup@2027-02-01,"
                                + " lab-estradiol@2026-09-01, calcium-vitamin-d, exercise, fall-prevention",
                        a -> {
                            assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.REDUCED);
                            assertThat(a.renal().reading().orElseThrow().value()).isEqualByComparingTo("34.2");
                            assertThat(a.antiresorptiveDenosumabOnly()).isTrue();
                            assertThat(a.recommendation("antiresorptive-precautions").orElseThrow().reason()).contains("CKD-EPI 2021");
                        }),
                s("S25", "letrozole started 4 months ago for invasive breast cancer → discuss adjuvant bisphosphonate",
                        aSnapshot().female().bornOn("1968-04-12").withLetrozoleStartedOn("2026-01-20").withBreastCancer("2025-12-01")
                                .withTScore("2026-01-15", DxaSite.SPINE, "-1.1").withTScore("2026-01-15", DxaSite.TOTAL_HIP, "-0.8")
                                .withBmi("2026-01-15", "29").neverSmoker()
                                .withVitaminD("2026-01-15", "30", LabResult.NG_PER_ML).withCalcium("2026-01-15", "9.8"),
                        Outcome.PLAN, "adjuvant-bisphosphonate, dxa-followup@2027-01-15, calcium-vitamin-d, exercise", a -> { }),
                s("S26", "raloxifene taken with anastrozole → confirm therapy; three risk factors → antiresorptive",
                        aSnapshot().female().bornOn("1955-08-30").withAnastrozoleStartedOn("2025-11-05")
                                .withActive(DrugClass.RALOXIFENE, "2023-04-01")
                                .withCodedCondition(Groups.BREAST_CANCER, "http://snomed.info/sct|254837009", "2025-10-01", "2025-10-01")
                                .withTScore("2025-10-20", DxaSite.SPINE, "-1.7").withBmi("2025-10-20", "25")
                                .withSmoking("2025-10-20", Category.FORMER),
                        Outcome.PLAN, "confirm-therapy, antiresorptive, dental-exam, lab-creatinine, dxa-followup@2026-10-20, lab-vitamin-d,"
                                + " lab-calcium, calcium-vitamin-d, exercise, fall-prevention, adjuvant-bisphosphonate",
                        a -> assertThat(a.recommendation("confirm-therapy").orElseThrow().ruleIds()).containsExactly("T6")));
    }

    private static TestSnapshot s04(TestSnapshot b, String latestSpineBmd) {
        return b.female().bornOn("1971-05-05").withAnastrozoleStartedOn("2025-04-27")
                .withTScore("2025-03-28", DxaSite.SPINE, "-0.5").withBmd("2025-03-28", DxaSite.SPINE, "1.000")
                .withTScore("2025-03-28", DxaSite.TOTAL_HIP, "-0.3")
                .withTScore("2026-04-27", DxaSite.SPINE, "-0.8").withBmd("2026-04-27", DxaSite.SPINE, latestSpineBmd)
                .withTScore("2026-04-27", DxaSite.TOTAL_HIP, "-0.6")
                .withBmi("2026-04-27", "25").neverSmoker()
                .withVitaminD("2026-04-22", "32", LabResult.NG_PER_ML).withCalcium("2026-04-22", "9.4");
    }
}

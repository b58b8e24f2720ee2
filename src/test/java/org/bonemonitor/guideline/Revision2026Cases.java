package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.guideline.ClinicalCase.of;
import static org.bonemonitor.guideline.TestSnapshot.aSnapshot;
import static org.bonemonitor.guideline.ThresholdCases.base;
import static org.bonemonitor.guideline.ThresholdCases.has;
import static org.bonemonitor.guideline.ThresholdCases.hasNo;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.function.Consumer;
import org.bonemonitor.guideline.MedicationEvidence.Regimen;
import org.bonemonitor.terminology.Groups;

/** RULES.md §6 (revision 2026.2): each new threshold at and around its boundary, and each new behaviour (evaluation date 2026-06-01). */
public final class Revision2026Cases {

    private Revision2026Cases() {
    }

    static TestSnapshot spine(String t) {
        return base().withTScore("2026-05-01", DxaSite.SPINE, t);
    }

    static Consumer<BoneHealthAssessment> protectedBy(boolean on) {
        return a -> {
            assertThat(a.protection().onAntiresorptive()).as(a.protection().reason()).isEqualTo(on);
            if (on) {
                assertThat(a.recommendationCodes()).doesNotContain("antiresorptive");
            } else {
                assertThat(a.recommendationCodes()).contains("antiresorptive");
            }
        };
    }

    static Consumer<BoneHealthAssessment> renal(LabStatus.Renal status) {
        return a -> {
            assertThat(a.renal().status()).as(a.renal().toString()).isEqualTo(status);
            assertThat(a.renal().reading().orElseThrow().how()).contains("CKD-EPI 2021");
        };
    }

    /** A woman of 58 on the day of the result with a creatinine and no eGFR. */
    static TestSnapshot creatinine(String value, String unit) {
        return base().withLab(LabResult.Kind.CREATININE, "2026-05-01", value, unit);
    }

    public static List<ClinicalCase> all() {
        return List.of(
                // §6 D4: 5-year unknown end
                of("a stopped letrozole statement started exactly 5 years ago with no end is active, unconfirmed",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.LETROZOLE, "stopped", "2021-06-01", null),
                        a -> {
                            assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
                            assertThat(a.recommendationCodes()).contains("confirm-therapy", "dxa-baseline");
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.THERAPY_END);
                        }),
                of("started 5 years and a day ago with no end: the episode ended on its start, long ago: no plan",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.LETROZOLE, "stopped", "2021-05-31", null),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.THERAPY_ENDED_LONG_AGO);
                            assertThat(a.episode().orElseThrow().end()).contains(LocalDate.parse("2021-05-31"));
                        }),
                of("yearly stopped renewals without ends bridge into one episode from the first order",
                        aSnapshot().bornOn("1960-01-01").withRequest(DrugClass.ANASTROZOLE, "stopped", "order", "2023-03-01")
                                .withRequest(DrugClass.ANASTROZOLE, "stopped", "order", "2024-03-01")
                                .withRequest(DrugClass.ANASTROZOLE, "stopped", "order", "2025-03-01"),
                        a -> {
                            assertThat(a.episode().orElseThrow().start()).isEqualTo(LocalDate.parse("2023-03-01"));
                            assertThat(a.episode().orElseThrow().unconfirmed()).isTrue();
                        }),
                // §6 D3 ends
                of("a completed order's supply × (1 + repeats) in calendar months ending the day before: ended (E1)",
                        aSnapshot().bornOn("1960-01-01").withMedication(aSnapshot().request(DrugClass.LETROZOLE, "completed", "order",
                                "2025-11-30").withSupply(Period.ofMonths(6))).withTScore("2025-11-01", DxaSite.SPINE, "-1.9"),
                        a -> {
                            assertThat(a.episode().orElseThrow().end()).contains(LocalDate.parse("2026-05-30"));
                            assertThat(a.recommendationCodes()).containsExactly("dxa-followup");
                        }),
                of("a completed order's validity period end is its end",
                        aSnapshot().bornOn("1960-01-01").withMedication(aSnapshot().request(DrugClass.LETROZOLE, "completed", "order",
                                "2025-06-01").withValidityEnd(LocalDate.parse("2026-06-01"))),
                        a -> assertThat(a.episode().orElseThrow().active()).isTrue()),
                of("a dispense without daysSupply lasts 30 days: handed over 30 days ago is still ongoing",
                        aSnapshot().bornOn("1960-01-01").withMedication(aSnapshot().dispense(DrugClass.ANASTROZOLE, "2026-05-02", null)),
                        a -> assertThat(a.episode().orElseThrow().active()).isTrue()),
                of("a dispense without daysSupply handed over 31 days ago has ended",
                        aSnapshot().bornOn("1960-01-01").withMedication(aSnapshot().dispense(DrugClass.ANASTROZOLE, "2026-05-01", null)),
                        a -> assertThat(a.episode().orElseThrow().end()).contains(LocalDate.parse("2026-05-31"))),
                // §6 D3 dateless
                of("an active anastrozole statement without any date is ongoing (never a new start), dated from today",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.ANASTROZOLE, "active", null, null),
                        a -> {
                            Episode e = a.episode().orElseThrow();
                            assertThat(e.active()).isTrue();
                            assertThat(e.newStart()).isFalse();
                            assertThat(e.startKnown()).isFalse();
                            assertThat(a.recommendation("dxa-baseline").orElseThrow().dueDate()).isEqualTo(LocalDate.parse("2026-06-01"));
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.THERAPY_DATES);
                        }),
                // §6 D8: 90-day course
                of("an ended course of exactly 90 days gets the post-therapy DXA",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.LETROZOLE, "completed", "2026-01-01", "2026-04-01"),
                        a -> assertThat(a.recommendationCodes()).containsExactly("dxa-followup")),
                of("an ended course of 89 days (a short course) gets no E1: nothing remains",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.LETROZOLE, "completed", "2026-01-01", "2026-03-31"),
                        a -> {
                            assertThat(a.recommendationCodes()).isEmpty();
                            assertThat(a.planCompleted()).isTrue();
                            assertThat(a.findings()).anyMatch(f -> f.ruleId().equals("D8") && f.text().contains("89 days"));
                        }),
                of("one course recorded twice counts once toward the 90 days",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.LETROZOLE, "completed", "2026-01-01", "2026-03-31")
                                .withRequest(DrugClass.LETROZOLE, "completed", "order", "2026-01-01")
                                .withMedication(aSnapshot().request(DrugClass.LETROZOLE, "completed", "order", "2026-01-01")
                                        .withSupply(Period.ofDays(89))),
                        a -> assertThat(a.recommendationCodes()).doesNotContain("dxa-followup")),
                // §6 D8: 18th birthday
                of("18 today is in scope",
                        aSnapshot().bornOn("2008-06-01").withAnastrozoleStartedOn("2026-05-01"),
                        a -> assertThat(a.outcome()).isEqualTo(Outcome.PLAN)),
                of("18 tomorrow is out of scope",
                        aSnapshot().bornOn("2008-06-02").withAnastrozoleStartedOn("2026-05-01"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.OUT_OF_SCOPE);
                            assertThat(a.outcomeReason()).contains("under 18");
                        }),
                of("no breast-cancer Condition: the plan as usual with the data gap indication",
                        base(), a -> assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.INDICATION)),
                // §6 D6
                of("a bilateral oophorectomy alone sets premenopausal-ofs, with nothing to confirm",
                        base().withProcedure(Groups.OOPHORECTOMY, "2015-03-01"),
                        a -> {
                            assertThat(a.population()).contains(Population.PREMENOPAUSAL_OFS);
                            assertThat(a.recommendationCodes()).doesNotContain("ovarian-suppression-check");
                        }),
                of("premenopausal without suppression and an estradiol exactly 3 months ago: check suppression, no new estradiol",
                        base().withMenopausalState("2026-01-01", true).withLab(LabResult.Kind.ESTRADIOL, "2026-03-01", "40", "pg/mL"),
                        a -> assertThat(a.recommendationCodes()).contains("ovarian-suppression-check").doesNotContain("lab-estradiol")),
                of("premenopausal without suppression and an estradiol 3 months and a day ago: estradiol now",
                        base().withMenopausalState("2026-01-01", true).withLab(LabResult.Kind.ESTRADIOL, "2026-02-28", "40", "pg/mL"),
                        has("lab-estradiol")),
                of("a dateless premenopausal record is older than a dated postmenopausal one",
                        base().withMenopausalState(null, true).withMenopausalState("2025-01-01", false),
                        a -> assertThat(a.population()).contains(Population.POSTMENOPAUSAL)),
                // §6 D7
                of("a bone-metastasis Condition dated after the evaluation date is ignored",
                        base().withCondition(Groups.BONE_METASTASIS, "2026-06-02"), a -> assertThat(a.outcome()).isEqualTo(Outcome.PLAN)),
                // §6 A3
                of("T ≤ -2.5 earlier in the episode keeps T1 triggered although the latest exam is -1.8",
                        base().withTScore("2025-02-01", DxaSite.SPINE, "-2.6").withTScore("2026-05-01", DxaSite.SPINE, "-1.8"),
                        a -> assertThat(a.recommendation("antiresorptive").orElseThrow().reason()).contains("does not reverse")),
                // §6 A4
                of("a hip fracture without onset counts by its recordedDate at 52",
                        base().withCodedCondition(Groups.FRACTURE_HIP, null, null, "2020-03-01"),
                        ThresholdCases.rf(RiskFactor.RF5, FactorStatus.PRESENT)),
                of("a hip fracture without onset or recorded date stays unknown with the data gap fracture-date",
                        base().withCodedCondition(Groups.FRACTURE_HIP, null, null, null), a -> {
                            assertThat(a.riskFactor(RiskFactor.RF5)).isEqualTo(FactorStatus.UNKNOWN);
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.FRACTURE_DATE);
                        }),
                of("a topical steroid course does not count toward RF6",
                        base().withMedication(aSnapshot().statement(DrugClass.GLUCOCORTICOID, "completed", "2025-01-01", "2026-05-01")
                                .withRoute(MedicationEvidence.Route.LOCAL)),
                        ThresholdCases.rf(RiskFactor.RF6, FactorStatus.ABSENT)),
                // §6 A5: 24 months apart, same device
                of("exams exactly 24 months apart are compared",
                        base().withBmd("2024-05-01", DxaSite.SPINE, "1.000").withBmd("2026-05-01", DxaSite.SPINE, "0.940")
                                .withTScore("2026-05-01", DxaSite.SPINE, "-0.5"),
                        a -> assertThat(a.significantLoss()).isTrue()),
                of("exams 24 months and a day apart are not compared: data gap dxa-comparability",
                        base().withBmd("2024-04-30", DxaSite.SPINE, "1.000").withBmd("2026-05-01", DxaSite.SPINE, "0.940")
                                .withTScore("2026-05-01", DxaSite.SPINE, "-0.5"),
                        a -> {
                            assertThat(a.significantLoss()).isFalse();
                            assertThat(a.dataGaps()).extracting(DataGap::input).contains(DataGap.DXA_COMPARABILITY);
                        }),
                // §6 A6: 4 / 7 / 13-month windows
                of("IV ibandronate exactly 4 months ago protects", spine("-2.6").withBoneDrugGiven(DrugClass.BISPHOSPHONATE,
                        Regimen.IV_IBANDRONATE, "2026-02-01"), protectedBy(true)),
                of("IV ibandronate 4 months and a day ago no longer protects", spine("-2.6").withBoneDrugGiven(DrugClass.BISPHOSPHONATE,
                        Regimen.IV_IBANDRONATE, "2026-01-31"), protectedBy(false)),
                of("zoledronic acid 4 mg exactly 7 months ago protects", spine("-2.6").withBoneDrugGiven(DrugClass.BISPHOSPHONATE,
                        Regimen.ZOLEDRONIC_ACID_4MG, "2025-11-01"), protectedBy(true)),
                of("zoledronic acid 4 mg 7 months and a day ago no longer protects", spine("-2.6").withBoneDrugGiven(DrugClass.BISPHOSPHONATE,
                        Regimen.ZOLEDRONIC_ACID_4MG, "2025-10-31"), protectedBy(false)),
                of("zoledronic acid 5 mg exactly 13 months ago protects", spine("-2.6").withBoneDrugGiven(DrugClass.BISPHOSPHONATE,
                        Regimen.ZOLEDRONIC_ACID_5MG, "2025-05-01"), protectedBy(true)),
                of("zoledronic acid 5 mg 13 months and a day ago no longer protects", spine("-2.6").withBoneDrugGiven(DrugClass.BISPHOSPHONATE,
                        Regimen.ZOLEDRONIC_ACID_5MG, "2025-04-30"), protectedBy(false)),
                of("teriparatide stopped a month ago still protects", spine("-2.6").withMedication(aSnapshot()
                        .statement(DrugClass.ANABOLIC, "completed", "2024-05-01", "2026-05-01")), protectedBy(true)),
                of("an active Z79.83 Condition protects and asks for an antiresorptive review",
                        spine("-2.6").withCodedCondition(Groups.BISPHOSPHONATE, "http://hl7.org/fhir/sid/icd-10-cm|Z79.83", null, "2026-01-10"),
                        a -> {
                            assertThat(a.protection().onAntiresorptive()).isTrue();
                            assertThat(a.recommendationCodes()).contains("antiresorptive-review").doesNotContain("antiresorptive");
                        }),
                // §6 A7: eGFR 30 / 35 computed from creatinine (CKD-EPI 2021, woman of 58)
                of("creatinine 1.68 mg/dL gives eGFR 35.0: normal", creatinine("1.68", LabResult.MG_PER_DL), renal(LabStatus.Renal.NORMAL)),
                of("creatinine 1.69 mg/dL gives eGFR 34.8: reduced", creatinine("1.69", LabResult.MG_PER_DL), renal(LabStatus.Renal.REDUCED)),
                of("creatinine 1.91 mg/dL gives eGFR 30.0: reduced, not severely", creatinine("1.91", LabResult.MG_PER_DL),
                        renal(LabStatus.Renal.REDUCED)),
                of("creatinine 1.92 mg/dL gives eGFR 29.9: severely reduced", creatinine("1.92", LabResult.MG_PER_DL),
                        renal(LabStatus.Renal.SEVERELY_REDUCED)),
                of("creatinine in µmol/L is divided by 88.4 (170 µmol/L = 1.92 mg/dL)", creatinine("170", LabResult.UMOL_PER_L),
                        renal(LabStatus.Renal.SEVERELY_REDUCED)),
                of("a measured eGFR beats the computed one",
                        creatinine("1.92", LabResult.MG_PER_DL).withEgfr("2026-04-01", "60"),
                        a -> assertThat(a.renal().status()).isEqualTo(LabStatus.Renal.NORMAL)),
                of("a total 25-OH vitamin D beats a D3-only result of the same date",
                        base().withLab(new LabResult("Observation/d3", LabResult.Kind.VITAMIN_D, "1989-3", LocalDate.parse("2026-05-20"),
                                new java.math.BigDecimal("15"), LabResult.NG_PER_ML, java.util.Optional.empty(), false))
                                .withLab(new LabResult("Observation/total", LabResult.Kind.VITAMIN_D, "62292-8", LocalDate.parse("2026-05-20"),
                                        new java.math.BigDecimal("32"), LabResult.NG_PER_ML, java.util.Optional.empty(), false)),
                        a -> assertThat(a.vitaminD().status()).isEqualTo(LabStatus.VitaminD.SUFFICIENT)),
                of("D3-only and D2 of the same date are summed: 18 + 14 ng/mL is sufficient",
                        base().withLab(new LabResult("Observation/d3", LabResult.Kind.VITAMIN_D, "1989-3", LocalDate.parse("2026-05-20"),
                                new java.math.BigDecimal("18"), LabResult.NG_PER_ML, java.util.Optional.empty(), false))
                                .withLab(new LabResult("Observation/d2", LabResult.Kind.VITAMIN_D2, "1990-1", LocalDate.parse("2026-05-20"),
                                        new java.math.BigDecimal("14"), LabResult.NG_PER_ML, java.util.Optional.empty(), false)),
                        a -> {
                            assertThat(a.vitaminD().status()).isEqualTo(LabStatus.VitaminD.SUFFICIENT);
                            assertThat(a.vitaminD().reading().orElseThrow().value()).isEqualByComparingTo("32");
                        }),
                // §6 A9
                of("a fracture during denosumab therapy asks for a bone-loss review",
                        spine("-1.2").withAdministration(DrugClass.DENOSUMAB_60, "2026-02-01")
                                .withCondition(Groups.FRACTURE_WRIST, "2026-04-01"),
                        a -> {
                            assertThat(a.recommendationCodes()).contains("bone-loss-review");
                            assertThat(a.recommendation("bone-loss-review").orElseThrow().reason()).contains("during antiresorptive therapy");
                        }),
                // §6 T1
                of("with eGFR below 35 the proposal offers denosumab only and states the exit plan",
                        spine("-2.6").withEgfr("2026-05-01", "33"),
                        a -> {
                            assertThat(a.antiresorptiveDenosumabOnly()).isTrue();
                            assertThat(a.recommendation("antiresorptive").orElseThrow().reason())
                                    .contains("left out").contains("must not be stopped without a follow-on bisphosphonate");
                        }),
                // §6 T4
                of("denosumab given 12 months ago to a patient whose AI ended 3 years ago: transition still due",
                        aSnapshot().bornOn("1960-01-01").withStatement(DrugClass.ANASTROZOLE, "completed", "2018-01-01", "2023-05-01")
                                .withAdministration(DrugClass.DENOSUMAB_60, "2025-06-01"),
                        a -> {
                            assertThat(a.outcome()).isEqualTo(Outcome.PLAN);
                            assertThat(a.recommendationCodes()).containsExactly("denosumab-transition");
                        }),
                of("a completed denosumab statement (a finished course) asks for the transition",
                        spine("-1.2").withStatement(DrugClass.DENOSUMAB_60, "completed", "2025-06-01", "2026-03-01"),
                        has("denosumab-transition")),
                of("a completed denosumab order with a dose 3 months ago is a fulfilled order: on schedule",
                        spine("-1.2").withRequest(DrugClass.DENOSUMAB_60, "completed", "order", "2026-03-01")
                                .withAdministration(DrugClass.DENOSUMAB_60, "2026-03-01"),
                        hasNo("denosumab-transition")),
                // §6 T5
                of("invasive breast cancer and an AI started exactly 12 months ago: adjuvant bisphosphonate",
                        aSnapshot().bornOn("1960-01-01").withAnastrozoleStartedOn("2025-06-01").withBreastCancer("2025-05-01"),
                        has("adjuvant-bisphosphonate")),
                of("an AI started 12 months and a day ago: no adjuvant bisphosphonate",
                        aSnapshot().bornOn("1960-01-01").withAnastrozoleStartedOn("2025-05-31").withBreastCancer("2025-05-01"),
                        hasNo("adjuvant-bisphosphonate")),
                of("DCIS alone gives no adjuvant bisphosphonate",
                        aSnapshot().bornOn("1960-01-01").withAnastrozoleStartedOn("2026-01-01")
                                .withCodedCondition(Groups.BREAST_CANCER, "http://hl7.org/fhir/sid/icd-10-cm|D05.11", "2025-12-01", null),
                        hasNo("adjuvant-bisphosphonate")),
                // §6 T6
                of("a systemic estrogen taken with the AI: confirm therapy",
                        base().withActive(DrugClass.ESTROGEN_SYSTEMIC, "2024-01-01"),
                        a -> assertThat(a.recommendation("confirm-therapy").orElseThrow().ruleIds()).containsExactly("T6")),
                of("a vaginal estrogen is not systemic",
                        base().withMedication(MedicationEvidence.activeStatement("MedicationStatement/vag", DrugClass.ESTROGEN_SYSTEMIC,
                                LocalDate.parse("2024-01-01")).withRoute(MedicationEvidence.Route.LOCAL)),
                        hasNo("confirm-therapy")));
    }
}

package org.bonemonitor.guideline;

import java.util.Comparator;
import java.util.List;
import org.bonemonitor.terminology.Groups;

/** A8 (§5, §6): the inputs the rules wanted and did not find, for an active episode. */
final class DataGaps {

    private DataGaps() {
    }

    static void a8(Facts f, PlanDraft out) {
        if (f.tScore().isEmpty()) {
            out.gap(DataGap.DXA, Rule.A3, "no DXA T-score within 24 months");
        }
        if (f.rf(RiskFactor.RF3).status() == FactorStatus.UNKNOWN) {
            out.gap(DataGap.BMI, Rule.A4, "RF3 needs a BMI, or a weight and height, within 24 months");
        }
        if (f.rf(RiskFactor.RF7).status() == FactorStatus.UNKNOWN) {
            out.gap(DataGap.SMOKING_STATUS, Rule.A4, "RF7 needs a current, former or never smoking answer");
        }
        if (f.vitaminD().status() == LabStatus.VitaminD.UNKNOWN) {
            out.gap(DataGap.VITAMIN_D, Rule.A7, "no 25-OH vitamin D within 12 months");
        }
        if (f.rf(RiskFactor.RF2).status() == FactorStatus.UNKNOWN) {
            out.gap(DataGap.BIRTH_DATE, Rule.A4, "RF2 needs a birth date: " + f.rf(RiskFactor.RF2).reason());
        }
        if (!f.datelessIds().isEmpty()) {
            out.gap(DataGap.THERAPY_DATES, Rule.D3, "no date on " + String.join(", ", f.datelessIds()));
        }
        if (f.episode().unconfirmed()) {
            out.gap(DataGap.THERAPY_END, Rule.D4, "the record does not say when the latest aromatase-inhibitor order ended");
        }
        if (f.snapshot().conditions().stream().noneMatch(c -> c.in(Groups.BREAST_CANCER) && !c.after(f.asOf()))) {
            out.gap(DataGap.INDICATION, Rule.D8, "no breast-cancer diagnosis on record \u2014 confirm the indication");
        }
        if (!f.exams().isEmpty() && f.exams().get(f.exams().size() - 1).withoutValues()) {
            out.gap(DataGap.DXA_VALUES, Rule.A1, "the latest DXA (" + String.join(", ", f.exams().get(f.exams().size() - 1).reports())
                    + ") is on record without readable values");
        }
        List<String> undated = RiskFactors.undatedFractures(f.snapshot());
        if (!undated.isEmpty() && !f.present(RiskFactor.RF5)) {
            out.gap(DataGap.FRACTURE_DATE, Rule.A4, "RF5 needs the onset of " + String.join(", ", undated));
        }
        if (!f.incomparable().isEmpty()) {
            out.gap(DataGap.DXA_COMPARABILITY, Rule.A5, "not compared: " + String.join("; ", f.incomparable()));
        }
        out.gaps.sort(Comparator.comparing(DataGap::input));
        out.gaps.forEach(g -> out.find(Rule.A8, "data gap: " + g.input() + " (" + g.ruleId() + ")", List.of()));
    }
}

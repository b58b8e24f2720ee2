package org.bonemonitor.guideline;

import java.util.Comparator;
import java.util.List;

/** A8 (§5): the inputs the rules wanted and did not find, for an active episode. */
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
        out.gaps.sort(Comparator.comparing(DataGap::input));
        out.gaps.forEach(g -> out.find(Rule.A8, "data gap: " + g.input() + " (" + g.ruleId() + ")", List.of()));
    }
}

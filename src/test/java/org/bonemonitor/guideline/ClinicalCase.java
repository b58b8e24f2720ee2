package org.bonemonitor.guideline;

import java.util.function.Consumer;

/** A named clinical case: a snapshot and what the rules must conclude. */
public record ClinicalCase(String name, PatientSnapshot snapshot, Consumer<BoneHealthAssessment> expectation) {

    public static ClinicalCase of(String name, TestSnapshot snapshot, Consumer<BoneHealthAssessment> expectation) {
        return new ClinicalCase(name, snapshot.build(), expectation);
    }

    public BoneHealthAssessment assess() {
        return BoneHealthRules.assess(snapshot);
    }

    @Override
    public String toString() {
        return name;
    }
}

package org.bonemonitor.guideline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every threshold of RULES.md at and around its boundary. */
class ThresholdBoundaryTest {

    static java.util.List<ClinicalCase> cases() {
        return ThresholdCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesTheThresholdExactly(ClinicalCase c) {
        c.expectation().accept(c.assess());
    }
}

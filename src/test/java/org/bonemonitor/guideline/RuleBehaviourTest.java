package org.bonemonitor.guideline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Named behaviour of every rule (D1–D7, A1–A8, M1–M10, T1–T4, P1, E1) beyond the worked scenarios. */
class RuleBehaviourTest {

    static java.util.List<ClinicalCase> cases() {
        return RuleCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesAsRulesMdSays(ClinicalCase c) {
        c.expectation().accept(c.assess());
    }
}

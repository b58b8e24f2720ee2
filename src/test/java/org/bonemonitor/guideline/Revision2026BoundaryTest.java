package org.bonemonitor.guideline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RULES.md §6 (2026.2): every new threshold at and around its boundary, and each new behaviour. */
class Revision2026BoundaryTest {

    static java.util.List<ClinicalCase> cases() {
        return Revision2026Cases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesRevision2026Exactly(ClinicalCase c) {
        c.expectation().accept(c.assess());
    }
}

package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every worked scenario of scenarios.md: exactly the expected recommendation codes and due dates. */
class ScenarioTest {

    static java.util.List<Scenarios.Scenario> scenarios() {
        return Scenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void producesTheExpectedPlan(Scenarios.Scenario scenario) {
        BoneHealthAssessment a = BoneHealthRules.assess(scenario.snapshot());

        assertThat(a.outcome()).as("outcome").isEqualTo(scenario.outcome());
        Map<String, LocalDate> actual = new LinkedHashMap<>();
        a.recommendations().forEach(r -> actual.put(r.code().value(), r.dueDate()));
        assertThat(a.recommendations()).as("one recommendation per code").hasSize(actual.size());
        assertThat(actual).as("recommendations and due dates").containsExactlyInAnyOrderEntriesOf(scenario.expectedDueDates());
        assertThat(a.ruleSetId()).isEqualTo("aibl");
        assertThat(a.ruleSetVersion()).isEqualTo("2026.2");
        a.recommendations().forEach(r -> {
            assertThat(r.ruleIds()).isNotEmpty();
            assertThat(r.reason()).isNotBlank();
            assertThat(r.sources()).isNotEmpty();
            assertThat(r.dueDate()).isAfterOrEqualTo(a.asOf());
        });
        scenario.checks().accept(a);
    }
}

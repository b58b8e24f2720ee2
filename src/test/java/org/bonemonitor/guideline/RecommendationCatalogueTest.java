package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.bonemonitor.terminology.CodeRow;
import org.bonemonitor.terminology.CodeTables;
import org.junit.jupiter.api.Test;

/** The typed catalogue and codes.csv's recommendation CodeSystem (group rec) cannot drift apart. */
class RecommendationCatalogueTest {

    /** The plan's category code of the same CodeSystem; not a recommendation. */
    static final String PLAN_CATEGORY = "bone-health-plan";

    @Test
    void codesCsvRecRowsAreExactlyTheCatalogue() {
        List<String> csv = CodeTables.standard().recommendations().rows().stream().filter(r -> !r.code().equals(PLAN_CATEGORY))
                .map(r -> r.code() + " | " + r.display()).toList();
        List<String> catalogue = Arrays.stream(RecommendationCode.values()).map(c -> c.value() + " | " + c.display()).toList();
        assertThat(catalogue).containsExactlyElementsOf(csv);
    }

    @Test
    void everyOrderNamesAStandardOrderGroupOfCodesCsvAndOnlyOrdersDo() {
        for (RecommendationCode c : RecommendationCode.values()) {
            boolean order = c.kind() == Recommendation.Kind.ORDER;
            assertThat(c.order().isPresent()).as("%s has an order type exactly when it is an ORDER", c).isEqualTo(order);
            assertThat(c.completion() != RecommendationCode.Completion.NONE).as("%s is completed by a result exactly when it is an ORDER", c)
                    .isEqualTo(order);
            c.orderGroup().ifPresent(g -> assertThat(CodeTables.standard().group(g).codings()).as(g).isNotEmpty()
                    .allSatisfy(row -> assertThat(row.match()).isEqualTo(CodeRow.Match.EXACT)));
        }
    }

    @Test
    void everyCodeIsProducedByAtLeastOneRuleAndLooksItselfUp() {
        for (RecommendationCode c : RecommendationCode.values()) {
            assertThat(c.rules()).as(c.value()).isNotEmpty();
            assertThat(RecommendationCode.of(c.value())).contains(c);
            assertThat(c.toString()).isEqualTo(c.value());
        }
        assertThat(RecommendationCode.of(PLAN_CATEGORY)).isEmpty();
    }
}

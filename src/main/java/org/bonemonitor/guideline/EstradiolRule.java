package org.bonemonitor.guideline;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** P1 (§5): men on anastrozole: estradiol every 6 months [MEN-2009; SEEDS]. */
final class EstradiolRule {

    /** P1 (*service default*): estradiol every 6 months for men on anastrozole. */
    static final int P1_ESTRADIOL_MONTHS = 6;

    private EstradiolRule() {
    }

    static void p1(Facts f, PlanDraft out) {
        if (f.population() != Population.MALE || f.episode().latestIngredient() != DrugClass.ANASTROZOLE) {
            return;
        }
        Optional<LabResult> e2 = f.snapshot().labs().stream().filter(l -> l.kind() == LabResult.Kind.ESTRADIOL && !l.date().isAfter(out.asOf))
                .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
        e2.ifPresent(r -> out.labIds.add(r.sourceId()));
        out.add(RecommendationCode.LAB_ESTRADIOL, e2.map(r -> r.date().plusMonths(P1_ESTRADIOL_MONTHS)).orElse(out.asOf), e2.isPresent(),
                Rule.P1, e2.map(r -> "man on anastrozole: estradiol every 6 months; last " + r.date())
                        .orElse("man on anastrozole: no estradiol on record"),
                List.of("MEN-2009", "SEEDS"), e2.map(r -> List.of(r.sourceId())).orElse(List.of()));
    }
}

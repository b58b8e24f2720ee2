package org.bonemonitor.ops;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.DataGap;
import org.bonemonitor.guideline.Outcome;
import org.bonemonitor.guideline.Recommendation;

/**
 * What the worklists need from one assessment, computed once when the patient is assessed: the
 * next due item, whether anything is overdue, and the flags each worklist selects on.
 */
record PatientFacts(String outcome, String planStatus, String aiDrug, LocalDate episodeStart, boolean episodeActive,
        String category, Optional<Item> next, boolean overdue, boolean noBaseline, boolean antiresorptiveIndicated,
        boolean review, boolean timeDependent, List<String> codes, List<String> dataGaps, List<Item> items) {

    /** Prompts that ask a clinician to review the record rather than order something (RULES.md §6). */
    static final Set<String> REVIEW_CODES = Set.of("confirm-therapy", "antiresorptive-review", "bone-loss-review",
            "ovarian-suppression-check", "denosumab-transition");
    static final String BASELINE_DXA = "dxa-baseline";
    static final String ANTIRESORPTIVE = "antiresorptive";

    /** One recommendation as the worklists show it; {@code due} is the original due date of an overdue item. */
    record Item(String code, String display, String kind, LocalDate due, boolean overdue, List<String> ruleIds, String reason) {
    }

    static PatientFacts of(BoneHealthAssessment a) {
        List<Item> items = a.recommendations().stream().map(PatientFacts::item).toList();
        // the next work to do is an order (a DXA, a lab, a dental exam): overdue first (longest overdue), then by due date;
        // advice is "due" on every evaluation date and would put everyone on the due-soon list
        List<Item> orders = items.stream().filter(i -> i.kind().equals(Recommendation.Kind.ORDER.name())).toList();
        Optional<Item> next = orders.stream().min(Comparator.comparing((Item i) -> !i.overdue())
                .thenComparing(Item::due).thenComparing(Item::code));
        String planStatus = a.hasPlan() ? (a.planCompleted() ? "completed" : "active") : null;
        return new PatientFacts(a.outcome().name(), planStatus,
                a.episode().map(e -> e.latestIngredient().label()).orElse(null),
                a.episode().map(e -> e.start()).orElse(null),
                a.hasPlan() && a.episode().map(e -> e.active()).orElse(false),
                a.hasPlan() ? a.category().code() : null,
                next, orders.stream().anyMatch(Item::overdue),
                a.recommendation(BASELINE_DXA).isPresent(),
                a.recommendation(ANTIRESORPTIVE).isPresent(),
                items.stream().anyMatch(i -> REVIEW_CODES.contains(i.code())),
                // every plan depends on elapsed time (due dates, D5's 180 days, protection windows, E1/T4 horizons, age)
                a.outcome() == Outcome.PLAN,
                a.recommendationCodes(),
                a.dataGaps().stream().map(DataGap::input).distinct().sorted().toList(),
                items);
    }

    private static Item item(Recommendation r) {
        return new Item(r.code().value(), r.display(), r.kind().name(), r.overdue() ? r.originalDueDate().orElse(r.dueDate()) : r.dueDate(),
                r.overdue(), r.ruleIds(), r.reason());
    }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** What one evaluation has concluded so far: findings, data gaps, recommendations and the records used. */
final class PlanDraft {
    final LocalDate asOf;
    final List<Finding> findings = new ArrayList<>();
    final List<DataGap> gaps = new ArrayList<>();
    final List<Recommendation> recs = new ArrayList<>();
    final TreeSet<String> dxaIds = new TreeSet<>();
    final TreeSet<String> labIds = new TreeSet<>();
    final TreeSet<String> otherIds = new TreeSet<>();

    PlanDraft(LocalDate asOf) {
        this.asOf = asOf;
    }

    void find(Rule rule, String text, List<String> ids) {
        findings.add(new Finding(rule, text, ids));
    }

    void gap(String input, Rule rule, String reason) {
        gaps.add(new DataGap(input, rule, reason));
    }

    /** A recommendation due now. */
    void now(RecommendationCode code, Rule rule, String reason, List<String> sources, List<String> supporting) {
        add(code, asOf, false, rule, reason, sources, supporting);
    }

    /** A recommendation due on {@code due}; §0 Overdue applies when {@code overdueApplies}. */
    void add(RecommendationCode code, LocalDate due, boolean overdueApplies, Rule rule, String reason, List<String> sources,
            List<String> supporting) {
        boolean overdue = overdueApplies && due.isBefore(asOf);
        LocalDate effective = due.isBefore(asOf) ? asOf : due;
        String text = overdue ? reason + "; overdue since " + due : reason;
        Recommendation r = new Recommendation(code, effective, overdue, overdue ? Optional.of(due) : Optional.empty(), List.of(rule),
                text, sources, supporting);
        Optional<Recommendation> same = recs.stream().filter(x -> x.code() == code).findFirst();
        if (same.isPresent()) {
            recs.set(recs.indexOf(same.get()), merged(same.get(), r));
        } else {
            recs.add(r);
        }
    }

    /** One recommendation per code (§6 T6 and D4 both ask for confirm-therapy): the earlier due date, both reasons. */
    private static Recommendation merged(Recommendation a, Recommendation b) {
        Recommendation first = a.dueDate().isAfter(b.dueDate()) ? b : a;
        return new Recommendation(a.code(), first.dueDate(), first.overdue(), first.originalDueDate(), union(a.rules(), b.rules()),
                a.reason() + "; " + b.reason(), union(a.sources(), b.sources()), union(a.supportingIds(), b.supportingIds()));
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    /** Rule order (D, A, M1–M10, T1–T6, P1, E1 as in {@link Rule}); the sort is stable, so M5's two recommendations keep theirs. */
    List<Recommendation> sortedRecommendations() {
        List<Recommendation> out = new ArrayList<>(recs);
        out.sort(Comparator.comparing((Recommendation r) -> r.rules().get(0).ordinal()));
        return out;
    }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One recommendation of the plan.
 *
 * @param code            the catalogue entry (CodeSystem code, kind, urgency, display)
 * @param dueDate         when it is due (never before the evaluation date)
 * @param overdue         the rules' due date had passed; {@link #originalDueDate()} holds it
 * @param rules           the rules that produced it, e.g. [T1]
 * @param reason          plain language, naming the inputs
 * @param sources         guideline short names, e.g. ["HADJI-2017"]
 * @param supportingIds   the records the reason names
 */
public record Recommendation(RecommendationCode code, LocalDate dueDate, boolean overdue, Optional<LocalDate> originalDueDate,
        List<Rule> rules, String reason, List<String> sources, List<String> supportingIds) {

    public enum Urgency { ROUTINE, URGENT }

    public enum Kind { ORDER, ADVICE, MEDICATION_PROPOSAL }

    public Recommendation {
        Objects.requireNonNull(code, "code");
        rules = List.copyOf(rules);
        sources = List.copyOf(sources);
        supportingIds = List.copyOf(supportingIds);
    }

    public String display() {
        return code.display();
    }

    public Kind kind() {
        return code.kind();
    }

    public Urgency urgency() {
        return code.urgency();
    }

    /** The rule ids, e.g. ["T1"], for text. */
    public List<String> ruleIds() {
        return rules.stream().map(Rule::id).toList();
    }

    /** {@code dxa-*}, {@code lab-*} and {@code dental-exam} become ServiceRequests. */
    public boolean orderable() {
        return code.kind() == Kind.ORDER;
    }
}

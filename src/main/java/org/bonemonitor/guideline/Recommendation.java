package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One recommendation of the plan.
 *
 * @param code            the code in the recommendation CodeSystem (codes.csv group {@code rec}), e.g. {@code dxa-baseline}
 * @param display         that code's display
 * @param dueDate         when it is due (never before the evaluation date)
 * @param overdue         the rules' due date had passed; {@link #originalDueDate()} holds it
 * @param ruleIds         the rules that produced it, e.g. ["T1"]
 * @param reason          plain language, naming the inputs
 * @param sources         guideline short names, e.g. ["HADJI-2017"]
 * @param urgency         T4 is urgent
 * @param kind            ORDER becomes a ServiceRequest; ADVICE / MEDICATION_PROPOSAL a CarePlan activity detail
 * @param supportingIds   the records the reason names
 */
public record Recommendation(String code, String display, LocalDate dueDate, boolean overdue,
        Optional<LocalDate> originalDueDate, List<String> ruleIds, String reason, List<String> sources,
        Urgency urgency, Kind kind, List<String> supportingIds) {

    public enum Urgency { ROUTINE, URGENT }

    public enum Kind { ORDER, ADVICE, MEDICATION_PROPOSAL }

    public Recommendation {
        ruleIds = List.copyOf(ruleIds);
        sources = List.copyOf(sources);
        supportingIds = List.copyOf(supportingIds);
    }

    /** {@code dxa-*}, {@code lab-*} and {@code dental-exam} become ServiceRequests. */
    public boolean orderable() {
        return kind == Kind.ORDER;
    }

    static Kind kindOf(String code) {
        if (code.startsWith("dxa-") || code.startsWith("lab-") || code.equals("dental-exam")) {
            return Kind.ORDER;
        }
        return code.equals("antiresorptive") ? Kind.MEDICATION_PROPOSAL : Kind.ADVICE;
    }
}

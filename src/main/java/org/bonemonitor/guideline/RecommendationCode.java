package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation catalogue: every code of the project's recommendation CodeSystem (codes.csv
 * group {@code rec}, RULES.md §3 and §6) with its kind, the rules that produce it, its urgency and
 * what completes it. Adding a recommendation is adding a constant here (a test keeps codes.csv in
 * step); the PlanDefinition, the plan, plan revision and the CDS cards all read it.
 */
public enum RecommendationCode {
    DXA_BASELINE("dxa-baseline", "Baseline DXA bone density scan", Recommendation.Kind.ORDER, Order.IMAGING,
            Completion.DXA_EXAM, Recommendation.Urgency.ROUTINE, Rule.M1),
    DXA_FOLLOWUP("dxa-followup", "Follow-up DXA bone density scan", Recommendation.Kind.ORDER, Order.IMAGING,
            Completion.DXA_EXAM, Recommendation.Urgency.ROUTINE, Rule.M2, Rule.E1),
    LAB_VITAMIN_D("lab-vitamin-d", "Serum 25-hydroxyvitamin D", Recommendation.Kind.ORDER, Order.LABORATORY,
            Completion.VITAMIN_D_RESULT, Recommendation.Urgency.ROUTINE, Rule.M3, Rule.M5),
    LAB_CALCIUM("lab-calcium", "Serum calcium", Recommendation.Kind.ORDER, Order.LABORATORY, Completion.CALCIUM_RESULT,
            Recommendation.Urgency.ROUTINE, Rule.M4),
    LAB_CREATININE("lab-creatinine", "Serum creatinine / eGFR", Recommendation.Kind.ORDER, Order.LABORATORY,
            Completion.RENAL_RESULT, Recommendation.Urgency.ROUTINE, Rule.T2),
    LAB_ESTRADIOL("lab-estradiol", "Serum estradiol", Recommendation.Kind.ORDER, Order.LABORATORY, Completion.ESTRADIOL_RESULT,
            Recommendation.Urgency.ROUTINE, Rule.P1, Rule.D6),
    DENTAL_EXAM("dental-exam", "Dental examination before antiresorptive therapy", Recommendation.Kind.ORDER, Order.PROCEDURE,
            Completion.DENTAL_EXAM, Recommendation.Urgency.ROUTINE, Rule.T2),
    VITAMIN_D_REPLETION("vitamin-d-repletion", "Vitamin D repletion", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.M5),
    CALCIUM_VITAMIN_D("calcium-vitamin-d", "Calcium and vitamin D intake", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.M6),
    EXERCISE("exercise", "Weight-bearing, resistance and balance exercise", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.M7),
    SMOKING_CESSATION("smoking-cessation", "Smoking cessation", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.M8),
    ALCOHOL_MODERATION("alcohol-moderation", "Alcohol moderation", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.M9),
    FALL_PREVENTION("fall-prevention", "Fall-risk assessment and prevention", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.M10),
    ANTIRESORPTIVE("antiresorptive", "Start bone-directed (antiresorptive) therapy", Recommendation.Kind.MEDICATION_PROPOSAL, null,
            Completion.NONE, Recommendation.Urgency.ROUTINE, Rule.T1),
    ANTIRESORPTIVE_PRECAUTIONS("antiresorptive-precautions", "Precautions before antiresorptive therapy",
            Recommendation.Kind.ADVICE, null, Completion.NONE, Recommendation.Urgency.ROUTINE, Rule.T3),
    DENOSUMAB_TRANSITION("denosumab-transition", "Do not interrupt denosumab without follow-on therapy",
            Recommendation.Kind.ADVICE, null, Completion.NONE, Recommendation.Urgency.URGENT, Rule.T4),
    CONFIRM_THERAPY("confirm-therapy", "Confirm current aromatase-inhibitor therapy", Recommendation.Kind.ADVICE, null,
            Completion.NONE, Recommendation.Urgency.ROUTINE, Rule.D4, Rule.T6),
    ANTIRESORPTIVE_REVIEW("antiresorptive-review", "Confirm current bone-directed therapy and schedule", Recommendation.Kind.ADVICE,
            null, Completion.NONE, Recommendation.Urgency.ROUTINE, Rule.A6),
    BONE_LOSS_REVIEW("bone-loss-review", "Review bone loss or fracture", Recommendation.Kind.ADVICE, null, Completion.NONE,
            Recommendation.Urgency.ROUTINE, Rule.A9),
    OVARIAN_SUPPRESSION_CHECK("ovarian-suppression-check", "Confirm ovarian function suppression", Recommendation.Kind.ADVICE, null,
            Completion.NONE, Recommendation.Urgency.URGENT, Rule.D6),
    ADJUVANT_BISPHOSPHONATE("adjuvant-bisphosphonate", "Discuss adjuvant bisphosphonate", Recommendation.Kind.ADVICE, null,
            Completion.NONE, Recommendation.Urgency.ROUTINE, Rule.T5);

    /** The standard orders of an orderable recommendation: what the ServiceRequest's category says it is. */
    public enum Order { IMAGING, LABORATORY, PROCEDURE }

    /** What, recorded on or after the day a request was authored, fulfils it (§4 "revised, not duplicated"). */
    public enum Completion { NONE, DXA_EXAM, VITAMIN_D_RESULT, CALCIUM_RESULT, RENAL_RESULT, ESTRADIOL_RESULT, DENTAL_EXAM }

    private final String value;
    private final String display;
    private final Recommendation.Kind kind;
    private final Order order;
    private final Completion completion;
    private final Recommendation.Urgency urgency;
    private final List<Rule> rules;

    RecommendationCode(String value, String display, Recommendation.Kind kind, Order order, Completion completion,
            Recommendation.Urgency urgency, Rule... rules) {
        this.value = value;
        this.display = display;
        this.kind = kind;
        this.order = order;
        this.completion = completion;
        this.urgency = urgency;
        this.rules = List.of(rules);
    }

    /** The code in the recommendation CodeSystem, e.g. {@code dxa-baseline}. */
    public String value() {
        return value;
    }

    /** The CodeSystem display (codes.csv, without its revision marker). */
    public String display() {
        return display;
    }

    /** ORDER becomes a ServiceRequest; ADVICE and MEDICATION_PROPOSAL a CarePlan activity detail. */
    public Recommendation.Kind kind() {
        return kind;
    }

    /** For an ORDER, what kind of service it orders. */
    public Optional<Order> order() {
        return Optional.ofNullable(order);
    }

    /**
     * The codes.csv group of the standard codes an order carries: {@code order-dxa} for both DXA
     * recommendations, else {@code order-<code>}.
     */
    public Optional<String> orderGroup() {
        if (order == null) {
            return Optional.empty();
        }
        return Optional.of(order == Order.IMAGING ? "order-dxa" : "order-" + value);
    }

    public Completion completion() {
        return completion;
    }

    public Recommendation.Urgency urgency() {
        return urgency;
    }

    /** The rules that produce it (RULES.md). */
    public List<Rule> rules() {
        return rules;
    }

    /** Whether a result that fulfils this recommendation is in the snapshot, dated on or after {@code since}. */
    public boolean completedSince(PatientSnapshot snapshot, LocalDate since) {
        return switch (completion) {
            case NONE -> false;
            case DXA_EXAM -> snapshot.dxaResults().stream().anyMatch(d -> !d.date().isBefore(since));
            case DENTAL_EXAM -> snapshot.dentalExams().stream().anyMatch(d -> !d.date().isBefore(since));
            case VITAMIN_D_RESULT -> labSince(snapshot, since, LabResult.Kind.VITAMIN_D);
            case CALCIUM_RESULT -> labSince(snapshot, since, LabResult.Kind.CALCIUM);
            case RENAL_RESULT -> labSince(snapshot, since, LabResult.Kind.CREATININE, LabResult.Kind.EGFR);
            case ESTRADIOL_RESULT -> labSince(snapshot, since, LabResult.Kind.ESTRADIOL);
        };
    }

    private static boolean labSince(PatientSnapshot snapshot, LocalDate since, LabResult.Kind... kinds) {
        List<LabResult.Kind> wanted = List.of(kinds);
        return snapshot.labs().stream().anyMatch(l -> wanted.contains(l.kind()) && !l.date().isBefore(since));
    }

    /** The catalogue entry of a CodeSystem code. */
    public static Optional<RecommendationCode> of(String value) {
        return Arrays.stream(values()).filter(c -> c.value.equals(value)).findFirst();
    }

    /** The code, so that it reads as the CodeSystem code in text and identifiers. */
    @Override
    public String toString() {
        return value;
    }
}

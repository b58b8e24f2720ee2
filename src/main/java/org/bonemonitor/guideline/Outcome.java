package org.bonemonitor.guideline;

/** What the assessment concludes for the patient as a whole. */
public enum Outcome {
    /** No aromatase-inhibitor episode was found (D1–D4): no plan; an informational card. */
    NO_AI_THERAPY,
    /** Metastatic bone disease managed by oncology (D7): no plan; the reason says why. */
    OUT_OF_SCOPE,
    /** An active episode, or an ended one within 24 months (E1): a plan (possibly with nothing left to do). */
    PLAN,
    /** The latest episode ended more than 24 months before the evaluation date (§5 E1/T4): no plan. */
    THERAPY_ENDED_LONG_AGO
}

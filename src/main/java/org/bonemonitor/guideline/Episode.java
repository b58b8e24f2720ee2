package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The evaluated aromatase-inhibitor episode (D4/D5, §6 D3/D4).
 *
 * @param start             the earliest start of its evidence (may be after the evaluation date, D5); the evaluation
 *                          date when no evidence has a date (§6 D3: "dated from the evaluation date for due dates")
 * @param end               the latest end, present only when the episode has ended
 * @param active            whether any evidence is ongoing, or the episode is active, unconfirmed (§6 D4)
 * @param newStart          D5: started within the 180 days before the evaluation date, or starts after it
 * @param latestIngredient  the AI of the latest evidence (by start date)
 * @param evidenceIds       the AI evidence of the episode, sorted
 * @param startKnown        false when no evidence of the episode has a date (§6 D3)
 * @param unconfirmed       §6 D4: active only because the latest evidence has an unknown end within 5 years of its start
 * @param exposureDays      §6 D8: days in the union of the evidence intervals
 */
public record Episode(LocalDate start, Optional<LocalDate> end, boolean active, boolean newStart,
        DrugClass latestIngredient, List<String> evidenceIds, boolean startKnown, boolean unconfirmed, long exposureDays) {

    public Episode {
        evidenceIds = List.copyOf(evidenceIds);
    }

    public boolean ongoing() {
        return active && !newStart;
    }

    /** What identifies the episode in generated ids: its start date, or "undated" (a date would change every day). */
    public String key() {
        return startKnown ? start.toString() : "undated";
    }
}

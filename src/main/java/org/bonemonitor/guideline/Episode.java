package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The evaluated aromatase-inhibitor episode (D4/D5).
 *
 * @param start             the earliest start of its evidence (may be after the evaluation date, D5)
 * @param end               the latest end, present only when the episode has ended
 * @param active            whether any evidence is ongoing
 * @param newStart          D5: started within the 180 days before the evaluation date, or starts after it
 * @param latestIngredient  the AI of the latest evidence (by start date)
 * @param evidenceIds       the AI evidence of the episode, sorted
 */
public record Episode(LocalDate start, Optional<LocalDate> end, boolean active, boolean newStart,
        DrugClass latestIngredient, List<String> evidenceIds) {

    public Episode {
        evidenceIds = List.copyOf(evidenceIds);
    }

    public boolean ongoing() {
        return active && !newStart;
    }
}

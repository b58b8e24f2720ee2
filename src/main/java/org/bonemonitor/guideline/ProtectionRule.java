package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A6 (§5): is the patient already on bone-directed therapy? Raloxifene is noted, never counted. */
final class ProtectionRule {

    /** A6: injected / IV antiresorptives protect for 7 months after the last dose. */
    static final int A6_PARENTERAL_MONTHS = 7;
    /** A6: oral bisphosphonates protect for 1 month after the last dose. */
    static final int A6_ORAL_MONTHS = 1;

    private ProtectionRule() {
    }

    static Protection of(List<MedicationEvidence> exposures, LocalDate asOf) {
        boolean raloxifene = exposures.stream().anyMatch(e -> e.drug() == DrugClass.RALOXIFENE && TherapyEpisodes.ongoing(e, asOf));
        List<String> ids = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (MedicationEvidence e : exposures) {
            if (e.drug() != DrugClass.BISPHOSPHONATE && e.drug() != DrugClass.DENOSUMAB_60) {
                continue;
            }
            boolean parenteral = e.drug() == DrugClass.DENOSUMAB_60 || e.route() == MedicationEvidence.Route.PARENTERAL;
            int months = parenteral ? A6_PARENTERAL_MONTHS : A6_ORAL_MONTHS;
            LocalDate last = TherapyEpisodes.latestDate(e, asOf);
            boolean openOrCurrent = TherapyEpisodes.end(e, asOf).map(d -> !d.isBefore(asOf)).orElse(true);
            if (openOrCurrent || !last.isBefore(asOf.minusMonths(months))) {
                ids.add(e.sourceId());
                why.add(e.drug().label() + (openOrCurrent ? " active (" : " last given " + last + " (") + e.sourceId() + ")");
            }
        }
        String ral = raloxifene ? "; raloxifene noted, not counted" : "";
        if (ids.isEmpty()) {
            return new Protection(false, "not on antiresorptive therapy" + ral, List.of(), raloxifene);
        }
        return new Protection(true, "on-antiresorptive: " + String.join("; ", why.stream().sorted().toList()) + ral,
                ids.stream().sorted().toList(), raloxifene);
    }
}

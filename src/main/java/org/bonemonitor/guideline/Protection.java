package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A6: whether bone-directed therapy already protects the patient; raloxifene is noted, never counted.
 *
 * @param reviewIds  §6 A6: protecting records whose regimen cannot be told (and Z79.83 Conditions): antiresorptive-review
 * @param since      the earliest start of the protecting therapy (§6 A9: a fracture "during" it)
 */
public record Protection(boolean onAntiresorptive, String reason, List<String> sourceIds, boolean raloxifeneNoted,
        List<String> reviewIds, Optional<LocalDate> since) {
    public Protection {
        sourceIds = List.copyOf(sourceIds);
        reviewIds = List.copyOf(reviewIds);
        since = since == null ? Optional.empty() : since;
    }

    public Protection(boolean onAntiresorptive, String reason, List<String> sourceIds, boolean raloxifeneNoted) {
        this(onAntiresorptive, reason, sourceIds, raloxifeneNoted, List.of(), Optional.empty());
    }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A Condition (not refuted, not entered-in-error) with the codes.csv groups its code falls in.
 *
 * @param clinicalStatus {@code active}, {@code resolved}… or empty when not recorded
 * @param onsetDate      onsetDateTime / onsetPeriod.start
 * @param onsetAgeYears  onsetAge in years
 */
public record ConditionFact(String sourceId, Set<String> groups, Optional<String> clinicalStatus,
        Optional<LocalDate> onsetDate, Optional<Integer> onsetAgeYears) {

    public ConditionFact {
        groups = Set.copyOf(groups);
        clinicalStatus = clinicalStatus == null ? Optional.empty() : clinicalStatus;
        onsetDate = onsetDate == null ? Optional.empty() : onsetDate;
        onsetAgeYears = onsetAgeYears == null ? Optional.empty() : onsetAgeYears;
    }

    public boolean in(String group) {
        return groups.contains(group);
    }

    public boolean inGroupStartingWith(String prefix) {
        return groups.stream().anyMatch(g -> g.startsWith(prefix));
    }

    /** Active clinical status (active, recurrence, relapse), or no status recorded. */
    public boolean isActive() {
        return clinicalStatus.map(s -> s.equals("active") || s.equals("recurrence") || s.equals("relapse")).orElse(true);
    }
}

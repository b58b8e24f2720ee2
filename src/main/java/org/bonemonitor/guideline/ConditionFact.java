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
 * @param recordedDate   Condition.recordedDate (§6 A4 RF5, D7)
 * @param codings        the codings as {@code system|code} (§6 T5 tells invasive cancer from DCIS and history codes)
 */
public record ConditionFact(String sourceId, Set<String> groups, Optional<String> clinicalStatus,
        Optional<LocalDate> onsetDate, Optional<Integer> onsetAgeYears, Optional<LocalDate> recordedDate, Set<String> codings) {

    public ConditionFact {
        groups = Set.copyOf(groups);
        clinicalStatus = clinicalStatus == null ? Optional.empty() : clinicalStatus;
        onsetDate = onsetDate == null ? Optional.empty() : onsetDate;
        onsetAgeYears = onsetAgeYears == null ? Optional.empty() : onsetAgeYears;
        recordedDate = recordedDate == null ? Optional.empty() : recordedDate;
        codings = codings == null ? Set.of() : Set.copyOf(codings);
    }

    public ConditionFact(String sourceId, Set<String> groups, Optional<String> clinicalStatus, Optional<LocalDate> onsetDate,
            Optional<Integer> onsetAgeYears) {
        this(sourceId, groups, clinicalStatus, onsetDate, onsetAgeYears, Optional.empty(), Set.of());
    }

    /** The date the record gives: onset, else recorded date (§0: a later one is ignored). */
    public Optional<LocalDate> date() {
        return onsetDate.or(() -> recordedDate);
    }

    /** Dated after the evaluation date (§0: ignored). */
    public boolean after(LocalDate asOf) {
        return date().map(d -> d.isAfter(asOf)).orElse(false);
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

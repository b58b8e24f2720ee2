package org.bonemonitor.guideline;

import java.util.Set;

/** A FamilyMemberHistory: whether the relative is a parent, and the groups of its conditions (RF4). */
public record FamilyHistoryFact(String sourceId, boolean parent, Set<String> conditionGroups) {
    public FamilyHistoryFact {
        conditionGroups = Set.copyOf(conditionGroups);
    }
}

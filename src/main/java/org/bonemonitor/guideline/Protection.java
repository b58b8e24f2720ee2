package org.bonemonitor.guideline;

import java.util.List;

/** A6: whether bone-directed therapy already protects the patient; raloxifene is noted, never counted. */
public record Protection(boolean onAntiresorptive, String reason, List<String> sourceIds, boolean raloxifeneNoted) {
    public Protection {
        sourceIds = List.copyOf(sourceIds);
    }
}

package org.bonemonitor.guideline;

import java.util.List;

/** One risk factor's status with the reason and the records it rests on. */
public record RiskFactorFinding(RiskFactor factor, FactorStatus status, String reason, List<String> sourceIds) {
    public RiskFactorFinding {
        sourceIds = List.copyOf(sourceIds);
    }

    public boolean present() {
        return status == FactorStatus.PRESENT;
    }
}

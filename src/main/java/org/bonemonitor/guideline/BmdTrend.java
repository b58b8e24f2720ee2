package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A5 BMD change at one site between the exam before the latest and the latest exam.
 *
 * @param percentChange     (latest − earlier) / earlier × 100
 * @param leastSignificantChange the site's LSC in percent (none for forearm)
 * @param significantLoss   a fall of at least the LSC
 */
public record BmdTrend(DxaSite site, LocalDate earlierDate, BigDecimal earlier, LocalDate latestDate,
        BigDecimal latest, BigDecimal percentChange, Optional<BigDecimal> leastSignificantChange,
        boolean significantLoss, List<String> sourceIds) {
    public BmdTrend {
        sourceIds = List.copyOf(sourceIds);
    }
}

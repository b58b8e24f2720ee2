package org.bonemonitor.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One version of a stored FHIR resource: the raw JSON and the typed columns the rules select on. */
public record ResourceRow(
        String type,
        String id,
        int version,
        Instant lastUpdated,
        boolean deleted,
        String patientId,
        String status,
        String[] codes,
        String[] identifiers,
        LocalDate effectiveStart,
        LocalDate effectiveEnd,
        BigDecimal valueNum,
        String valueUnit,
        String contentHash,
        String raw) {
}

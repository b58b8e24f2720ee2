package org.bonemonitor.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One version of a stored FHIR resource: the raw JSON, the typed columns the rules select on and
 * the search columns ({@link SearchParameters}).
 */
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
        String raw,
        String[] searchTokens,
        Instant dateLow,
        Instant dateHigh) {

    /** The same version filed under the given patient. */
    public ResourceRow withPatient(String patient) {
        return new ResourceRow(type, id, version, lastUpdated, deleted, patient, status, codes, identifiers, effectiveStart,
                effectiveEnd, valueNum, valueUnit, contentHash, raw, searchTokens, dateLow, dateHigh);
    }
}

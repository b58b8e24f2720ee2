package org.bonemonitor.guideline;

import java.time.LocalDate;

/** A dental examination (T2): a completed Procedure, a finished Encounter or an Observation coded {@code dental-exam}. */
public record DentalExam(String sourceId, LocalDate date) {
}

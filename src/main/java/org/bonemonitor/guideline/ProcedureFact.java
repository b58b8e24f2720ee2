package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A completed Procedure, or a DiagnosticReport (final, amended or corrected) without readable values,
 * with the codes.csv groups of its code: a DXA done (§6 A1/A2, group {@code procedure-dxa}) or a
 * bilateral oophorectomy (§6 D6, group {@code oophorectomy}).
 *
 * @param date performed / effective date, if any
 */
public record ProcedureFact(String sourceId, Set<String> groups, Optional<LocalDate> date) {
    public ProcedureFact {
        groups = Set.copyOf(groups);
        date = date == null ? Optional.empty() : date;
    }

    public boolean in(String group) {
        return groups.contains(group);
    }
}

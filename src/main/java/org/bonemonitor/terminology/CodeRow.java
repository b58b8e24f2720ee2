package org.bonemonitor.terminology;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code terminology/codes.csv}, columns kept as published so a later feature can
 * publish FHIR ValueSets / the recommendation CodeSystem from the same table.
 *
 * @param group    the concept the rules name ({@code ai-anastrozole}, {@code dxa-tscore-spine}, {@code rec}…)
 * @param system   FHIR code system URI, or {@link #TEXT_SYSTEM} for a whole-word name match (D1)
 * @param code     the code (or the lower-case name for text rows)
 * @param match    exact code, or prefix for ICD-10-CM families
 * @param display  display text
 * @param verified {@code yes}, {@code partial} or {@code no}
 */
public record CodeRow(String group, String system, String code, Match match, String display, String verified) {

    /** The pseudo-system of name rows: matched against concept text, never against a coding. */
    public static final String TEXT_SYSTEM = "text";

    public enum Match { EXACT, PREFIX }

    public CodeRow {
        Objects.requireNonNull(group);
        Objects.requireNonNull(system);
        Objects.requireNonNull(code);
        Objects.requireNonNull(match);
        Objects.requireNonNull(display);
        Objects.requireNonNull(verified);
    }

    public boolean isText() {
        return TEXT_SYSTEM.equals(system);
    }

    /** Whether a coding (system + code) is one of this row's codes. Text rows never match a coding. */
    public boolean matches(String codingSystem, String codingCode) {
        if (isText() || codingSystem == null || codingCode == null || !system.equals(codingSystem.trim())) {
            return false;
        }
        String c = codingCode.trim();
        return match == Match.EXACT ? code.equals(c) : c.toUpperCase(Locale.ROOT).startsWith(code.toUpperCase(Locale.ROOT));
    }
}

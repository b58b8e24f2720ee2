package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The patient is recorded as deceased ({@code Patient.deceased[x]}) on or before the evaluation date.
 *
 * @param on the date of death; empty for {@code deceasedBoolean = true}
 */
public record Deceased(Optional<LocalDate> on) {
    public Deceased {
        on = on == null ? Optional.empty() : on;
    }
}

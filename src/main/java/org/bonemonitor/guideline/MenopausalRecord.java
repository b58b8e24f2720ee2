package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Optional;

/** A recorded menopausal state (D6), from a Condition or an Observation; §6 D6: a dateless one is older than any dated one. */
public record MenopausalRecord(String sourceId, Optional<LocalDate> date, boolean premenopausal) {

    public MenopausalRecord {
        date = date == null ? Optional.empty() : date;
    }

    public MenopausalRecord(String sourceId, LocalDate date, boolean premenopausal) {
        this(sourceId, Optional.ofNullable(date), premenopausal);
    }
}

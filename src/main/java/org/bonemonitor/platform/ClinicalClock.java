package org.bonemonitor.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one source of clinical dates ("the evaluation date") for stored plans, {@code $bone-health-plan},
 * CDS Hooks and the plan worker: {@code bone-monitor.plan.as-of} when set (tests and demos pin it),
 * else today in UTC by the injected {@link Clock}. No clinical path reads the system calendar directly.
 */
@ApplicationScoped
public class ClinicalClock {

    private final Clock clock;
    private final Optional<LocalDate> asOf;

    @Inject
    public ClinicalClock(Clock clock, @ConfigProperty(name = "bone-monitor.plan.as-of") Optional<LocalDate> asOf) {
        this.clock = clock;
        this.asOf = asOf;
    }

    /** The evaluation date of an evaluation that names none. */
    public LocalDate today() {
        return asOf.orElseGet(() -> LocalDate.now(clock));
    }

    /** The system clock in UTC; a test replaces this bean to move time. */
    @Singleton
    static class Producer {
        @Produces
        @Singleton
        Clock utc() {
            return Clock.system(ZoneOffset.UTC);
        }
    }
}

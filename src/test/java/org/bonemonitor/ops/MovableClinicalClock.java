package org.bonemonitor.ops;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bonemonitor.platform.ClinicalClock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The clinical clock of every test: the real one (pinned to {@code bone-monitor.plan.as-of}) until a
 * test moves it forward; that test puts it back in {@code @AfterEach}.
 */
@Mock
@Singleton
public class MovableClinicalClock extends ClinicalClock {

    private final AtomicLong days = new AtomicLong();

    @Inject
    public MovableClinicalClock(Clock clock, @ConfigProperty(name = "bone-monitor.plan.as-of") Optional<LocalDate> asOf) {
        super(clock, asOf);
    }

    @Override
    public LocalDate today() {
        return super.today().plusDays(days.get());
    }

    /** Moves the evaluation date to {@code date} (counted from the unmoved date). */
    public void moveTo(LocalDate date) {
        days.set(ChronoUnit.DAYS.between(super.today(), date));
    }

    public void reset() {
        days.set(0);
    }
}

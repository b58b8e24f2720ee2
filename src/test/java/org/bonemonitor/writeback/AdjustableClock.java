package org.bonemonitor.writeback;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The real clock, moved forward on demand, so tests reach retry times without sleeping. */
@Mock
@ApplicationScoped
public class AdjustableClock extends WritebackClock {

    private final AtomicLong offsetMillis = new AtomicLong();

    @Override
    public Instant now() {
        return Instant.now().plusMillis(offsetMillis.get());
    }

    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }
}

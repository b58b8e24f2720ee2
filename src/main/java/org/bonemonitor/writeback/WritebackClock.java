package org.bonemonitor.writeback;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The write-back's notion of "now" (enqueue time, due times, token expiry); tests move it forward. */
@ApplicationScoped
public class WritebackClock {

    public Instant now() {
        return Instant.now();
    }
}

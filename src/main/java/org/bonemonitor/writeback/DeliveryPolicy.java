package org.bonemonitor.writeback;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What to do after an attempt: the HTTP status table and the retry schedule. Pure, no I/O.
 * <ul>
 *   <li>2xx: sent.</li>
 *   <li>408, 429, 5xx, no response (timeout, connection refused): retry with exponential backoff and
 *       jitter; 429 and 503 wait for {@code Retry-After} when the EHR sends one.</li>
 *   <li>401: the client refreshes its token once and re-sends at once; a second 401 is retried like a 5xx.</li>
 *   <li>any other 4xx: dead at once (the EHR rejected the content; retrying would not help).</li>
 * </ul>
 * After {@code max-attempts} attempts a retryable failure is dead too.
 */
public final class DeliveryPolicy {

    public enum Verdict { SENT, RETRY, DEAD }

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    public DeliveryPolicy(int maxAttempts, Duration base, Duration cap, DoubleSupplier random) {
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The verdict for an HTTP status, or for no response at all ({@code status} empty). */
    public static Verdict classify(Optional<Integer> status) {
        if (status.isEmpty()) {
            return Verdict.RETRY;
        }
        int s = status.get();
        if (s >= 200 && s < 300) {
            return Verdict.SENT;
        }
        if (s == 401 || s == 408 || s == 429 || s >= 500) {
            return Verdict.RETRY;
        }
        return Verdict.DEAD;
    }

    /** Whether a retryable failure after {@code attempts} attempts still gets another one. */
    public boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * When to try again after the {@code attempts}-th failed attempt: {@code Retry-After} when the EHR
     * sent one with a 429 or 503, else {@code min(cap, base * 2^(attempts-1))}, of which a random half
     * is taken off ("equal jitter") so that replicas and patients spread out.
     */
    public Instant nextAttempt(Instant now, int attempts, Optional<Integer> status, Optional<String> retryAfter) {
        if (status.filter(s -> s == 429 || s == 503).isPresent()) {
            Optional<Duration> wait = retryAfter.flatMap(v -> parseRetryAfter(v, now));
            if (wait.isPresent()) {
                return now.plus(wait.get());
            }
        }
        return now.plus(backoff(attempts));
    }

    Duration backoff(int attempts) {
        int exponent = Math.max(0, Math.min(attempts - 1, 30));
        long ceilingMillis = Math.min(cap.toMillis(), saturatingShift(base.toMillis(), exponent));
        long half = ceilingMillis / 2;
        return Duration.ofMillis(ceilingMillis - half + (long) (random.getAsDouble() * half));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date; empty when unparseable. */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static long saturatingShift(long value, int exponent) {
        return value > (Long.MAX_VALUE >> exponent) ? Long.MAX_VALUE : value << exponent;
    }
}

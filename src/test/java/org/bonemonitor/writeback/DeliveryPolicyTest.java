package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bonemonitor.writeback.DeliveryPolicy.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({
        "200, SENT", "201, SENT",
        "401, RETRY", "408, RETRY", "429, RETRY", "500, RETRY", "502, RETRY", "503, RETRY", "504, RETRY",
        "400, DEAD", "403, DEAD", "404, DEAD", "409, DEAD", "412, DEAD", "422, DEAD"})
    void classifiesStatuses(int status, Verdict verdict) {
        assertThat(DeliveryPolicy.classify(Optional.of(status))).isEqualTo(verdict);
    }

    @Test
    void noResponseIsRetried() {
        assertThat(DeliveryPolicy.classify(Optional.empty())).isEqualTo(Verdict.RETRY);
    }

    @ParameterizedTest(name = "attempt {0}: between {1} and {2} ms")
    @CsvSource({"1, 1000, 2000", "2, 2000, 4000", "3, 4000, 8000", "6, 30000, 60000", "40, 30000, 60000"})
    void backoffDoublesWithEqualJitterUpToTheCap(int attempts, long lowMillis, long highMillis) {
        DeliveryPolicy low = new DeliveryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(1), () -> 0.0);
        DeliveryPolicy high = new DeliveryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(1), () -> 0.999999);
        assertThat(low.backoff(attempts).toMillis()).isEqualTo(lowMillis);
        assertThat(high.backoff(attempts).toMillis()).isBetween(highMillis - 1, highMillis);
    }

    @Test
    void retryAfterIsHonouredFor429And503Only() {
        DeliveryPolicy policy = new DeliveryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(1), () -> 0.0);
        assertThat(policy.nextAttempt(NOW, 1, Optional.of(429), Optional.of("300"))).isEqualTo(NOW.plusSeconds(300));
        assertThat(policy.nextAttempt(NOW, 1, Optional.of(503), Optional.of("Mon, 05 Jan 2026 10:02:00 GMT")))
                .isEqualTo(NOW.plusSeconds(120));
        assertThat(policy.nextAttempt(NOW, 1, Optional.of(500), Optional.of("300"))).isEqualTo(NOW.plusSeconds(1));
        assertThat(policy.nextAttempt(NOW, 1, Optional.of(429), Optional.of("soon"))).isEqualTo(NOW.plusSeconds(1));
        assertThat(policy.nextAttempt(NOW, 1, Optional.of(429), Optional.of("Mon, 05 Jan 2026 09:00:00 GMT")))
                .isEqualTo(NOW);
    }

    @Test
    void maxAttemptsBoundsRetries() {
        DeliveryPolicy policy = new DeliveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.5);
        assertThat(policy.mayRetry(2)).isTrue();
        assertThat(policy.mayRetry(3)).isFalse();
    }
}

package org.bonemonitor.writeback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-back metrics (Prometheus names at /q/metrics):
 * {@code bonemonitor_writeback_outbox_rows{status="pending"|"dead"}} (gauges, refreshed by each relay run),
 * {@code bonemonitor_writeback_deliveries_total{outcome="sent"|"retry"|"dead"}} (attempt outcomes) and
 * {@code bonemonitor_writeback_delivery_latency_seconds} (enqueue → acknowledged by the EHR).
 */
@ApplicationScoped
public class WritebackMetrics {

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final Counter sent;
    private final Counter retried;
    private final Counter died;
    private final Timer latency;

    public WritebackMetrics(MeterRegistry registry) {
        registry.gauge("bonemonitor.writeback.outbox.rows", List.of(Tag.of("status", "pending")), pending);
        registry.gauge("bonemonitor.writeback.outbox.rows", List.of(Tag.of("status", "dead")), dead);
        sent = Counter.builder("bonemonitor.writeback.deliveries").tag("outcome", "sent")
                .description("delivery attempts by outcome").register(registry);
        retried = Counter.builder("bonemonitor.writeback.deliveries").tag("outcome", "retry")
                .description("delivery attempts by outcome").register(registry);
        died = Counter.builder("bonemonitor.writeback.deliveries").tag("outcome", "dead")
                .description("delivery attempts by outcome").register(registry);
        latency = Timer.builder("bonemonitor.writeback.delivery.latency")
                .description("from enqueue to the EHR's acknowledgement")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    void sent(Duration enqueueToAck) {
        sent.increment();
        latency.record(enqueueToAck.isNegative() ? Duration.ZERO : enqueueToAck);
    }

    void retried() {
        retried.increment();
    }

    void died() {
        died.increment();
    }

    void undelivered(Map<OutboxEntry.Status, Long> counts) {
        pending.set(counts.getOrDefault(OutboxEntry.Status.PENDING, 0L));
        dead.set(counts.getOrDefault(OutboxEntry.Status.DEAD, 0L));
    }
}

package org.bonemonitor.writeback;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One outbox row as the operations API shows it; {@code outcome} is the EHR's OperationOutcome, as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(long id, String patientId, String status, List<String> resources, Instant createdAt,
        int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus, String lastError,
        @JsonRawValue String outcome, List<String> ehrLocations, Instant sentAt, Instant discardedAt, String discardReason) {

    static DeliveryView of(OutboxEntry e) {
        return new DeliveryView(e.id, e.patientId, e.status.name().toLowerCase(), split(e.resources), e.createdAt,
                e.attempts, e.status == OutboxEntry.Status.PENDING ? e.nextAttemptAt : null, e.lastAttemptAt,
                e.lastStatus, e.lastError, e.outcome, e.ehrLocations == null ? null : split(e.ehrLocations), e.sentAt,
                e.discardedAt, e.discardReason);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" "));
    }

    /** A page of deliveries. */
    public record Page(String status, int page, int size, long total, List<DeliveryView> items) { }
}

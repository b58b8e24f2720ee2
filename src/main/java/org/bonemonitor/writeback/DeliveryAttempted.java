package org.bonemonitor.writeback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fired synchronously after each delivery attempt, inside the transaction that records its outcome
 * (so an observer's writes, e.g. an audit trail, commit or roll back with it). Carries no resource
 * content: the row, the patient, what the EHR answered and where it stored the resources.
 *
 * @param status         the row's status after the attempt: {@code PENDING} (retry due), {@code SENT} or {@code DEAD}
 * @param httpStatus     the EHR's HTTP status; empty when no answer came (timeout, connection refused)
 * @param ehrLocations   the transaction-response locations ({@code CarePlan/123/_history/2}) when sent
 */
public record DeliveryAttempted(long rowId, String patientId, int attempt, Instant at, OutboxEntry.Status status,
        Optional<Integer> httpStatus, List<String> ehrLocations) {
    public DeliveryAttempted {
        ehrLocations = List.copyOf(ehrLocations);
    }
}

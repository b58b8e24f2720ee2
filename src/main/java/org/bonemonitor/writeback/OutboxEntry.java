package org.bonemonitor.writeback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One patient plan change waiting for, or done with, delivery to the EHR. Stays inside this package. */
@Entity
@Table(name = "outbox_entry")
public class OutboxEntry {

    /** DISCARDED: a dead row an operator gave up on; it no longer holds back the patient's later rows. */
    public enum Status { PENDING, SENT, DEAD, DISCARDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "patient_id", nullable = false, length = 64)
    public String patientId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    /** What the row carries, e.g. {@code CarePlan/abc/_history/2 ServiceRequest/x/_history/1}. */
    @Column(nullable = false, length = 2000)
    public String resources;

    /** The FHIR transaction Bundle, JSON, fixed at enqueue time. */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    /** HTTP status of the last attempt; null when none was received (timeout, connection refused). */
    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error", length = 2000)
    public String lastError;

    /** The EHR's OperationOutcome (JSON) from the last rejected attempt. */
    @Column(columnDefinition = "text")
    public String outcome;

    /** Where the EHR put the resources (transaction-response locations), once sent. */
    @Column(name = "ehr_locations", length = 2000)
    public String ehrLocations;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "discarded_at")
    public Instant discardedAt;

    /** Why the operator discarded it (free text from the ops API, no PHI expected). */
    @Column(name = "discard_reason", length = 500)
    public String discardReason;
}

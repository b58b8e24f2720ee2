package org.bonemonitor.bulk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One population import: an {@code $export} we kicked off at the EHR, or a manifest pushed to us. */
@Entity
@Table(name = "bulk_import")
public class BulkImport {

    public enum Kind { EXPORT, MANIFEST }

    /** KICKOFF → EXPORTING (polling the status URL) → IMPORTING (files) → COMPLETED or FAILED. */
    public enum Status {
        KICKOFF, EXPORTING, IMPORTING, COMPLETED, FAILED;

        boolean finished() {
            return this == COMPLETED || this == FAILED;
        }
    }

    /** Who started it: an operator ({@code POST /api/ops/bulk-imports}), the schedule, or a {@code $import} push. */
    public enum StartedBy { OPERATOR, SCHEDULE, PUSH }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Enumerated(EnumType.STRING)
    @Column(name = "started_by", nullable = false, length = 16)
    public StartedBy startedBy;

    /** The kick-off URL (with its parameters) or the pushed manifest's URL. */
    @Column(name = "request_url", nullable = false, length = 4000)
    public String requestUrl;

    /** {@code _since} sent: the previous completed export's {@code transactionTime}. */
    @Column
    public Instant since;

    @Column(name = "status_url", length = 4000)
    public String statusUrl;

    /** The manifest's {@code transactionTime}: the next run's {@code _since}. */
    @Column(name = "transaction_time")
    public Instant transactionTime;

    /** The manifest's {@code requiresAccessToken}: file downloads carry our token only then. */
    @Column(name = "requires_token", nullable = false)
    public boolean requiresToken;

    /** The server's last {@code X-Progress}, as sent. */
    @Column(length = 200)
    public String progress;

    /** Failed kick-off or status requests in a row (reset by a good answer). */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_step_at", nullable = false)
    public Instant nextStepAt;

    /** A worker holds the job until then; a crashed worker's job is taken over after it. */
    @Column(name = "leased_until")
    public Instant leasedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the manifest arrived (the export was ready). */
    @Column(name = "exported_at")
    public Instant exportedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "last_error", length = 2000)
    public String lastError;
}

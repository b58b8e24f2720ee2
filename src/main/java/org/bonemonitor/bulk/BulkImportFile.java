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

/** One file of a manifest and how far it has been ingested. */
@Entity
@Table(name = "bulk_import_file")
public class BulkImportFile {

    public enum Kind { OUTPUT, ERROR }

    public enum Status { PENDING, DONE, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "import_id", nullable = false)
    public Long importId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Kind kind;

    @Column(name = "res_type", nullable = false, length = 64)
    public String type;

    @Column(nullable = false, length = 4000)
    public String url;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Status status;

    /** Lines of the file processed (ingested or reported), committed with their resources. */
    @Column(name = "lines_done", nullable = false)
    public long linesDone;

    @Column(nullable = false)
    public long resources;

    @Column(name = "failed_lines", nullable = false)
    public long failedLines;

    /** Failed downloads in a row. */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error", length = 2000)
    public String lastError;
}

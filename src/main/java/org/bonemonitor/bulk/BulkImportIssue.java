package org.bonemonitor.bulk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A problem of an import: a line that could not be ingested, an issue of the export's own
 * OperationOutcome error files, or a file given up. Shown to operators (never logged above DEBUG:
 * a diagnostic may quote a value of the record).
 */
@Entity
@Table(name = "bulk_import_issue")
public class BulkImportIssue {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "import_id", nullable = false)
    public Long importId;

    @Column(name = "file_id")
    public Long fileId;

    /** 1-based line of the file, when the issue is about one line. */
    @Column
    public Long line;

    @Column(nullable = false, length = 16)
    public String severity;

    @Column(nullable = false, length = 2000)
    public String message;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static BulkImportIssue of(long importId, Long fileId, Long line, String severity, String message, Instant now) {
        BulkImportIssue issue = new BulkImportIssue();
        issue.importId = importId;
        issue.fileId = fileId;
        issue.line = line;
        issue.severity = severity;
        issue.message = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
        issue.createdAt = now;
        return issue;
    }
}

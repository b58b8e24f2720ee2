package org.bonemonitor.bulk;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What {@code /api/ops/bulk-imports} shows of a job: state, files, totals, rate and (in detail) its issues. */
public record BulkImportView(long id, String kind, String status, String startedBy, String requestUrl, Instant since,
        Instant transactionTime, String progress, Instant createdAt, Instant exportedAt, Instant finishedAt, String lastError,
        long resources, long failedLines, long issueCount, Double resourcesPerSecond, List<FileView> files, List<IssueView> issues) {

    public record FileView(long id, String kind, String type, String url, String status, long linesDone, long resources,
            long failedLines, int attempts, Instant nextAttemptAt, String lastError) { }

    public record IssueView(Long fileId, Long line, String severity, String message, Instant at) { }

    static BulkImportView of(BulkImport job, List<BulkImportFile> files, List<BulkImportIssue> issues, long issueCount, Instant now,
            boolean detail) {
        long resources = files.stream().filter(f -> f.kind == BulkImportFile.Kind.OUTPUT).mapToLong(f -> f.resources).sum();
        long failed = files.stream().filter(f -> f.kind == BulkImportFile.Kind.OUTPUT).mapToLong(f -> f.failedLines).sum();
        Double rate = null;
        if (job.exportedAt != null && resources > 0) {
            Duration took = Duration.between(job.exportedAt, job.finishedAt != null ? job.finishedAt : now);
            rate = took.toMillis() <= 0 ? null : Math.round(resources * 10_000.0 / took.toMillis()) / 10.0;
        }
        return new BulkImportView(job.id == null ? 0 : job.id, job.kind.name().toLowerCase(), job.status.name().toLowerCase(),
                job.startedBy.name().toLowerCase(), job.requestUrl, job.since, job.transactionTime, job.progress, job.createdAt,
                job.exportedAt, job.finishedAt, job.lastError, resources, failed, issueCount, rate,
                detail ? files.stream().map(BulkImportView::file).toList() : null,
                detail ? issues.stream().map(i -> new IssueView(i.fileId, i.line, i.severity, i.message, i.createdAt)).toList() : null);
    }

    private static FileView file(BulkImportFile f) {
        return new FileView(f.id, f.kind.name().toLowerCase(), f.type, f.url, f.status.name().toLowerCase(), f.linesDone, f.resources,
                f.failedLines, f.attempts, f.status == BulkImportFile.Status.PENDING ? f.nextAttemptAt : null, f.lastError);
    }
}

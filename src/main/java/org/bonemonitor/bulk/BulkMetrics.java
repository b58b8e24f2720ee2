package org.bonemonitor.bulk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Back-fill metrics (no patient data in labels): resources and lines, file retries, finished jobs. */
@ApplicationScoped
public class BulkMetrics {

    private final Counter resources;
    private final Counter failedLines;
    private final Counter fileRetries;
    private final Counter completed;
    private final Counter failed;

    public BulkMetrics(MeterRegistry registry) {
        resources = Counter.builder("bonemonitor.bulk.resources").description("resources ingested from NDJSON (pulled or pushed)")
                .register(registry);
        failedLines = Counter.builder("bonemonitor.bulk.lines.failed").description("NDJSON lines reported instead of ingested")
                .register(registry);
        fileRetries = Counter.builder("bonemonitor.bulk.file.retries").description("file downloads or status polls to retry")
                .register(registry);
        completed = Counter.builder("bonemonitor.bulk.imports").tag("outcome", "completed").description("import jobs finished")
                .register(registry);
        failed = Counter.builder("bonemonitor.bulk.imports").tag("outcome", "failed").description("import jobs finished")
                .register(registry);
    }

    void ingested(long resourceCount, long failedLineCount) {
        resources.increment(resourceCount);
        failedLines.increment(failedLineCount);
    }

    void retry() {
        fileRetries.increment();
    }

    void finished(BulkImport.Status status) {
        (status == BulkImport.Status.COMPLETED ? completed : failed).increment();
    }
}

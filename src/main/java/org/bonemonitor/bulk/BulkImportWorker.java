package org.bonemonitor.bulk;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.bonemonitor.writeback.WritebackConfig;
import org.jboss.logging.Logger;

/** Drives the imports: due steps every poll interval, and a new incremental export on the schedule. */
@ApplicationScoped
public class BulkImportWorker {

    private static final Logger LOG = Logger.getLogger(BulkImportWorker.class);

    private final BulkImportService imports;
    private final BulkConfig config;
    private final WritebackConfig writeback;

    BulkImportWorker(BulkImportService imports, BulkConfig config, WritebackConfig writeback) {
        this.imports = imports;
        this.config = config;
        this.writeback = writeback;
    }

    /** A wrong configuration stops the start, naming the key (as write-back does). */
    void check(@Observes StartupEvent event) {
        List<String> problems = config.problems(writeback.ehrBaseUrl());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Bulk import configuration: " + String.join("; ", problems));
        }
        if (config.enabled()) {
            LOG.infof("bulk import from the EHR enabled (schedule %s)", config.schedule());
        }
    }

    @Scheduled(every = "${bone-monitor.bulk.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "bulk-import-worker")
    void poll() {
        imports.runDue();
    }

    @Scheduled(cron = "${bone-monitor.bulk.schedule:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "bulk-import-schedule")
    void scheduled() {
        if (!config.enabled()) {
            return;
        }
        try {
            imports.startExport(BulkImport.StartedBy.SCHEDULE);
        } catch (BulkImportException e) {
            LOG.infof("scheduled bulk import not started: %s", e.getMessage());
        }
    }
}

package org.bonemonitor.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.fhir.FhirException;
import org.bonemonitor.fhir.FhirFormat;
import org.bonemonitor.fhir.FhirParser;
import org.bonemonitor.fhir.IngestConfig;
import org.bonemonitor.fhir.IngestService;
import org.bonemonitor.record.StoreException;
import org.hl7.fhir.r4.model.Resource;

/**
 * NDJSON into the store: each line parsed as strictly as a {@code POST /fhir} body, then ingested in
 * batches through {@link IngestService#importResources} (same storage, indexing and plan queue). Each
 * batch commits together with the caller's progress record, so a line is ingested exactly once even
 * across crashes. A line that cannot be ingested is reported with its number; the others go on.
 */
@ApplicationScoped
public class NdjsonIngest {

    /** One line that was not ingested. */
    public record LineError(long line, String message) { }

    /** Called inside each batch's transaction, after its resources are written. */
    public interface Progress {
        void committed(long linesDone, long resources, List<LineError> errors);
    }

    /** Totals of one stream (this run only, lines skipped not counted). */
    public record Totals(long lines, long resources, long failed) { }

    private final FhirParser parser;
    private final IngestService ingest;
    private final IngestConfig limits;
    private final BulkMetrics metrics;

    NdjsonIngest(FhirParser parser, IngestService ingest, IngestConfig limits, BulkMetrics metrics) {
        this.parser = parser;
        this.ingest = ingest;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * Ingests {@code in} from line {@code skip + 1} on (the lines before were committed by an earlier run).
     *
     * @throws IOException when the stream breaks; everything before the failing batch stays committed
     */
    public Totals ingest(InputStream in, long skip, int batchSize, Progress progress) throws IOException {
        NdjsonLines lines = new NdjsonLines(in, limits.maxBodySize().asLongValue());
        List<Resource> resources = new ArrayList<>(batchSize);
        List<ObjectNode> json = new ArrayList<>(batchSize);
        List<Long> lineNumbers = new ArrayList<>(batchSize);
        List<LineError> errors = new ArrayList<>();
        long lineNumber = 0;
        long processed = 0;
        long ingested = 0;
        long failed = 0;
        byte[] line;
        while ((line = lines.next()) != null) {
            lineNumber++;
            if (lineNumber <= skip) {
                continue;
            }
            processed++;
            if (line == NdjsonLines.TOO_LONG) {
                errors.add(new LineError(lineNumber, "line is longer than bone-monitor.ingest.max-body-size"));
            } else if (!blank(line)) {
                try {
                    FhirParser.Parsed parsed = parser.parse(new ByteArrayInputStream(line), FhirFormat.JSON, line.length);
                    if (!(parsed.resource() instanceof Resource resource) || !resource.hasIdElement()
                            || resource.getIdElement().getIdPart() == null) {
                        errors.add(new LineError(lineNumber, "a Bulk Data resource needs an id (it is stored under the EHR's id)"));
                    } else {
                        resources.add(resource);
                        json.add(parsed.json());
                        lineNumbers.add(lineNumber);
                    }
                } catch (FhirException e) {
                    errors.add(new LineError(lineNumber, describe(e)));
                }
            }
            if (resources.size() >= batchSize || errors.size() >= batchSize) {
                Totals batch = flush(resources, json, lineNumbers, errors, lineNumber, progress);
                ingested += batch.resources();
                failed += batch.failed();
            }
        }
        if (processed > 0) {
            Totals batch = flush(resources, json, lineNumbers, errors, lineNumber, progress);
            ingested += batch.resources();
            failed += batch.failed();
        }
        return new Totals(processed, ingested, failed);
    }

    /**
     * An export's error file: each line an OperationOutcome, each issue recorded (nothing is ingested).
     * A line that is not an OperationOutcome is recorded as such.
     */
    public void ingestOutcomes(InputStream in, long skip, int batchSize, Progress progress) throws IOException {
        NdjsonLines lines = new NdjsonLines(in, limits.maxBodySize().asLongValue());
        List<LineError> issues = new ArrayList<>();
        long lineNumber = 0;
        byte[] line;
        while ((line = lines.next()) != null) {
            lineNumber++;
            if (lineNumber <= skip || blank(line)) {
                continue;
            }
            try {
                if (line != NdjsonLines.TOO_LONG
                        && parser.parse(new ByteArrayInputStream(line), FhirFormat.JSON, line.length).resource()
                                instanceof org.hl7.fhir.r4.model.OperationOutcome outcome) {
                    for (org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                        String severity = issue.getSeverity() == null ? "" : issue.getSeverity().toCode() + ": ";
                        String text = issue.hasDiagnostics() ? issue.getDiagnostics()
                                : issue.getDetails().hasText() ? issue.getDetails().getText() : issue.getCode() == null ? "" : issue.getCode().toCode();
                        issues.add(new LineError(lineNumber, "the export reported " + severity + text));
                    }
                } else {
                    issues.add(new LineError(lineNumber, "an error file line that is not an OperationOutcome"));
                }
            } catch (FhirException e) {
                issues.add(new LineError(lineNumber, "unreadable error file line: " + describe(e)));
            }
            if (issues.size() >= batchSize) {
                long done = lineNumber;
                List<LineError> batch = List.copyOf(issues);
                QuarkusTransaction.requiringNew().run(() -> progress.committed(done, 0, batch));
                issues.clear();
            }
        }
        long done = lineNumber;
        List<LineError> rest = List.copyOf(issues);
        QuarkusTransaction.requiringNew().run(() -> progress.committed(done, 0, rest));
    }

    private Totals flush(List<Resource> resources, List<ObjectNode> json, List<Long> lineNumbers, List<LineError> errors,
            long linesDone, Progress progress) {
        List<LineError> reported = new ArrayList<>(errors);
        long written;
        try {
            written = QuarkusTransaction.requiringNew().call(() -> {
                ingest.importResources(resources, json);
                progress.committed(linesDone, resources.size(), reported);
                return (long) resources.size();
            });
        } catch (FhirException | StoreException batchRefused) {
            if (batchRefused instanceof StoreException store && !store.isConflict()) {
                throw store;
            }
            // one resource spoils the batch (a duplicate id, an unknown reference type...): one line at a time
            written = oneByOne(resources, json, lineNumbers, reported, linesDone, progress);
        }
        metrics.ingested(written, reported.size());
        Totals totals = new Totals(0, written, reported.size());
        resources.clear();
        json.clear();
        lineNumbers.clear();
        errors.clear();
        return totals;
    }

    private long oneByOne(List<Resource> resources, List<ObjectNode> json, List<Long> lineNumbers, List<LineError> reported,
            long linesDone, Progress progress) {
        long written = 0;
        for (int i = 0; i < resources.size(); i++) {
            int index = i;
            long upTo = i == resources.size() - 1 ? linesDone : lineNumbers.get(i);
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    ingest.importResources(List.of(resources.get(index)), List.of(json.get(index)));
                    progress.committed(upTo, 1, List.of());
                });
                written++;
            } catch (FhirException e) {
                reported.add(new LineError(lineNumbers.get(i), describe(e)));
            } catch (StoreException e) {
                if (!e.isConflict()) {
                    throw e;
                }
                reported.add(new LineError(lineNumbers.get(i), "a concurrent write changed the same resource"));
            }
        }
        // the errors (and, when the last resources failed, the progress) commit on their own
        QuarkusTransaction.requiringNew().run(() -> progress.committed(linesDone, 0, reported));
        return written;
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String describe(FhirException e) {
        StringBuilder text = new StringBuilder();
        for (FhirException.Issue issue : e.issues()) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(issue.diagnostics());
            if (text.length() > 1500) {
                break;
            }
        }
        return text.toString();
    }
}

package org.bonemonitor.fhir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * {@code bonemonitor_ingest_bundles_total{type}}, {@code bonemonitor_ingest_resources_total} and
 * {@code bonemonitor_fhir_rejected_total{status, reason}} (reason = the OperationOutcome issue type,
 * a closed code list, so no request data reaches a label).
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bundle(String type, int entries) {
        Counter.builder("bonemonitor.ingest.bundles").description("Transaction and batch bundles accepted")
                .tag("type", type).register(registry).increment();
        Counter.builder("bonemonitor.ingest.resources").description("Bundle entries accepted").register(registry).increment(entries);
    }

    void rejected(int status, IssueType reason) {
        Counter.builder("bonemonitor.fhir.rejected").description("FHIR requests refused, by HTTP status and issue type")
                .tag("status", String.valueOf(status)).tag("reason", reason == null ? "unknown" : reason.toCode())
                .register(registry).increment();
    }
}

package org.bonemonitor.fhir;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the FHIR write surface ({@code bone-monitor.ingest.*}). */
@ConfigMapping(prefix = "bone-monitor.ingest")
public interface IngestConfig {

    /** Largest request body accepted; larger ones get 413 with an OperationOutcome. */
    @WithDefault("128M")
    MemorySize maxBodySize();

    /** Most entries accepted in one Bundle; more get 413. */
    @WithDefault("50000")
    int maxEntries();

    /**
     * Seconds a transaction Bundle may hold its database transaction (read by the transaction's
     * {@code @TransactionConfiguration}); the 60 s default of other transactions is too short for a
     * whole-history bundle on a busy node.
     */
    @WithDefault("300")
    int transactionTimeout();
}

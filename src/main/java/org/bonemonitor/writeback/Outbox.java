package org.bonemonitor.writeback;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.SourceRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;

/**
 * The write-back's entry point for the care-plan code: record a patient's plan change for delivery
 * to the EHR, in the caller's transaction, so that the plan and its outbox row commit (or roll back)
 * together. Delivery happens later, in order per patient, by the {@link OutboxRelay}.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private final WritebackConfig config;
    private final OutboxRepository repository;
    private final WritebackClock clock;
    private final TransactionBundleBuilder bundles;

    private final ResourceStore records;

    @Inject
    public Outbox(WritebackConfig config, OutboxRepository repository, WritebackClock clock, FhirContext fhirContext,
            ResourceStore records, @ConfigProperty(name = "bone-monitor.canonical-base") String canonicalBase) {
        this.config = config;
        this.repository = repository;
        this.clock = clock;
        this.records = records;
        this.bundles = new TransactionBundleBuilder(fhirContext, canonicalBase,
                config.ehrBaseUrl().map(URI::toString).orElse(null));
    }

    /**
     * Enqueues one plan change of one patient for delivery. Must run inside the caller's transaction
     * ({@code MANDATORY}: without one it throws {@link jakarta.transaction.TransactionalException}).
     * The FHIR transaction Bundle is built and stored now, so later changes never alter it; the rows of
     * a patient are delivered in the order their transactions commit.
     *
     * @param patientId our Patient id (the resources' {@code subject} is {@code Patient/<patientId>})
     * @param changed   the new or revised CarePlan and ServiceRequests of this change, each with an id
     *                  ({@code CarePlan/abc}), a {@code meta.versionId} ("1" or none = new, conditional create;
     *                  later = revision, conditional update) and an identifier whose system starts with
     *                  {@code bone-monitor.canonical-base}; they are copied, never modified. References to
     *                  the patient's record are sent as the EHR can resolve them (see {@link TransactionBundleBuilder})
     * @throws IllegalArgumentException when a resource lacks an id or our identifier
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String patientId, List<? extends Resource> changed) {
        if (patientId == null || patientId.isBlank()) {
            throw new IllegalArgumentException("patientId is required");
        }
        if (changed == null || changed.isEmpty()) {
            return;
        }
        if (!config.enabled()) {
            // Nothing reaches the EHR while disabled, so there is nothing to remember either.
            return;
        }
        repository.lockPatient(patientId);
        Map<String, SourceRecord> sources = records.sourceRecords(bundles.referencedKeys(changed));
        TransactionBundleBuilder.Built built = bundles.build(changed, key -> {
            int slash = key.indexOf('/');
            return repository.identityOf(key.substring(0, slash), key.substring(slash + 1));
        }, key -> Optional.ofNullable(sources.get(key)));
        built.identities().forEach(repository::rememberIdentity);
        Instant now = clock.now();
        OutboxEntry entry = new OutboxEntry();
        entry.patientId = patientId;
        entry.status = OutboxEntry.Status.PENDING;
        entry.resources = truncate(built.summary(), 2000);
        entry.payload = built.json();
        entry.createdAt = now;
        entry.nextAttemptAt = now;
        repository.persist(entry);
        LOG.debugf("enqueued outbox row %d for patient %s: %s", entry.id, patientId, built.summary());
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

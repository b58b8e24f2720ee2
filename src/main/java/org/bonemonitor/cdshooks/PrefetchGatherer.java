package org.bonemonitor.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bonemonitor.guideline.DataKind;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.StoredResource;
import org.bonemonitor.security.AuditLog;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;

/**
 * Collects the patient's record for one hook call (CDS Hooks 2.0 prefetch rules):
 * a key that is <b>present</b> is used as sent; an <b>absent</b> key is fetched from {@code fhirServer}
 * (all at once, within the budget); a <b>null</b> key means "no data" — with a FHIR server the client
 * has answered (nothing found), without one the data is unobtainable (RULES.md §5 A8) and never
 * re-queried; a key holding an <b>OperationOutcome</b> is a failed fetch. The records the service
 * already holds for the patient (ingest) are always added — prefetch and store describe one record,
 * and a resource in both counts once, in its prefetch version — so what prefetch leaves out is
 * filled and an empty prefetch never erases known therapy. One indexed query per call.
 */
@ApplicationScoped
public class PrefetchGatherer {

    private static final Logger LOG = Logger.getLogger(PrefetchGatherer.class);

    /** What happened to one prefetch key. */
    enum KeyState { SENT, FETCHED, EMPTY, NOT_SENT_NO_SERVER, NULL_NO_SERVER, CLIENT_ERROR, FETCH_FAILED, FETCH_TIMED_OUT, UNREADABLE }

    record Gathered(List<Resource> resources, Optional<Patient> patient, Set<DataKind> unobtainable, Map<String, KeyState> keys,
            List<String> missing, boolean filledFromStore) {
    }

    @Inject
    FhirContext fhir;

    @Inject
    FhirServerClient fhirServer;

    @Inject
    ResourceStore store;

    @Inject
    CdsHooksConfig config;

    @Inject
    AuditLog audit;

    private volatile CdsServiceCatalog catalog;

    CdsServiceCatalog catalog() {
        CdsServiceCatalog c = catalog;
        if (c == null) {
            c = new CdsServiceCatalog(org.bonemonitor.terminology.CodeTables.standard());
            catalog = c;
        }
        return c;
    }

    Gathered gather(HookRequest request, String serviceId, Instant deadline) {
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new CdsParseWarnings(request.hook(), serviceId));
        Map<String, String> templates = catalog().prefetch();
        Map<String, KeyState> states = new LinkedHashMap<>();
        Map<String, List<Resource>> found = new LinkedHashMap<>();
        Map<String, CompletableFuture<FhirServerClient.Result>> fetches = new LinkedHashMap<>();
        JsonNode prefetch = request.prefetch().orElse(null);
        for (Map.Entry<String, String> t : templates.entrySet()) {
            String key = t.getKey();
            JsonNode value = prefetch == null ? null : prefetch.get(key);
            if (value == null) {
                if (request.fhirServer().isPresent()) {
                    String query = t.getValue().replace("{{context.patientId}}", request.patientId());
                    fetches.put(key, fhirServer.get(request.fhirServer().get(), query, request.accessToken().orElse(null),
                            min(config.fhirTimeout(), Duration.between(Instant.now(), deadline))));
                } else {
                    states.put(key, KeyState.NOT_SENT_NO_SERVER);
                }
            } else if (value.isNull()) {
                states.put(key, request.fhirServer().isPresent() ? KeyState.EMPTY : KeyState.NULL_NO_SERVER);
                found.put(key, List.of());
            } else {
                read(parser, key, value.toString(), states, found, KeyState.SENT);
            }
        }
        if (!fetches.isEmpty()) {
            CompletableFuture<?> all = CompletableFuture.allOf(fetches.values().toArray(CompletableFuture[]::new));
            try {
                all.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // use what has arrived
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Map.Entry<String, CompletableFuture<FhirServerClient.Result>> f : fetches.entrySet()) {
                FhirServerClient.Result result = f.getValue().getNow(null);
                if (result == null || result.timedOut()) {
                    f.getValue().cancel(true);
                    states.put(f.getKey(), KeyState.FETCH_TIMED_OUT);
                } else if (result.body().isEmpty()) {
                    states.put(f.getKey(), KeyState.FETCH_FAILED);
                } else {
                    read(parser, f.getKey(), result.body().get(), states, found, KeyState.FETCHED);
                }
            }
        }
        List<Resource> resources = new ArrayList<>();
        found.values().forEach(resources::addAll);
        List<String> gaps = states.entrySet().stream().filter(e -> !obtained(e.getValue())).map(Map.Entry::getKey).toList();
        boolean filled = false;
        // prefetch and the stored record describe one record: always their union, so an empty or
        // partial prefetch never erases therapy or results the service already holds
        if (Instant.now().isBefore(deadline)) {
            List<Resource> stored = fromStore(request.patientId(), parser);
            if (!stored.isEmpty()) {
                filled = true;
                resources = merge(resources, stored);
            }
        }
        // the audit trail: what was read about the patient beyond what the EHR sent
        List<String> read = new ArrayList<>();
        if (!fetches.isEmpty()) {
            read.add(fetches.size() + " prefetch fallback queries to " + request.fhirServer().get());
        }
        if (filled) {
            read.add("the stored record");
        }
        if (!read.isEmpty()) {
            audit.record(AuditLog.Surface.CDS_HOOKS, 200, new AuditLog.Batch("search-type").add('R', request.patientId(),
                    String.join("; ", read)));
        }
        Optional<Patient> patient = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst();
        Set<DataKind> unobtainable = EnumSet.noneOf(DataKind.class);
        List<String> missing = new ArrayList<>();
        if (!filled) {
            for (String key : gaps) {
                kindOf(key).ifPresent(unobtainable::add);
                missing.add(describe(key, states.get(key)));
            }
        }
        return new Gathered(resources, patient, unobtainable, states, missing, filled);
    }

    private static boolean obtained(KeyState s) {
        return s == KeyState.SENT || s == KeyState.FETCHED || s == KeyState.EMPTY;
    }

    private void read(IParser parser, String key, String json, Map<String, KeyState> states, Map<String, List<Resource>> found,
            KeyState ok) {
        IBaseResource parsed;
        try {
            parsed = parser.parseResource(json);
        } catch (DataFormatException | ClassCastException e) {
            states.put(key, KeyState.UNREADABLE);
            return;
        }
        if (parsed instanceof OperationOutcome) {
            states.put(key, ok == KeyState.SENT ? KeyState.CLIENT_ERROR : KeyState.FETCH_FAILED);
            return;
        }
        List<Resource> list = new ArrayList<>();
        if (parsed instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                Resource r = e.getResource();
                if (r != null && !(r instanceof OperationOutcome)) {
                    list.add(r);
                }
            }
        } else if (parsed instanceof Resource r) {
            list.add(r);
        }
        if (key.equals(CdsServiceCatalog.PATIENT) && list.stream().noneMatch(Patient.class::isInstance)) {
            states.put(key, KeyState.UNREADABLE);
            return;
        }
        states.put(key, ok);
        found.put(key, list);
    }

    private List<Resource> fromStore(String patientId, IParser parser) {
        try {
            List<StoredResource> rows = store.currentForPatient(patientId, org.bonemonitor.snapshot.SnapshotBuilder.INPUT_TYPES);
            List<Resource> out = new ArrayList<>(rows.size());
            for (StoredResource row : rows) {
                out.add((Resource) parser.parseResource(row.raw()));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warnf("CDS: stored records could not be read: %s", e.getClass().getSimpleName());
            return List.of();
        }
    }

    /** Prefetch first; stored records whose Type/id prefetch already holds are left out. */
    private static List<Resource> merge(List<Resource> prefetched, List<Resource> stored) {
        Set<String> seen = new java.util.HashSet<>();
        List<Resource> out = new ArrayList<>(prefetched);
        for (Resource r : prefetched) {
            if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
                seen.add(r.fhirType() + "/" + r.getIdElement().getIdPart());
            }
        }
        for (Resource r : stored) {
            if (!r.hasIdElement() || seen.add(r.fhirType() + "/" + r.getIdElement().getIdPart())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Optional<DataKind> kindOf(String key) {
        return switch (key) {
            case CdsServiceCatalog.CONDITIONS -> Optional.of(DataKind.CONDITIONS);
            case CdsServiceCatalog.MEDICATION_REQUESTS, CdsServiceCatalog.MEDICATION_STATEMENTS -> Optional.of(DataKind.MEDICATIONS);
            default -> Optional.empty();
        };
    }

    private static String describe(String key, KeyState state) {
        String what = switch (key) {
            case CdsServiceCatalog.PATIENT -> "patient demographics";
            case CdsServiceCatalog.MEDICATION_REQUESTS -> "medication orders";
            case CdsServiceCatalog.MEDICATION_STATEMENTS -> "medication statements";
            case CdsServiceCatalog.OBSERVATIONS -> "DXA, lab, BMI and smoking observations";
            case CdsServiceCatalog.CONDITIONS -> "conditions (fractures, long-term steroids, family history)";
            default -> key;
        };
        String why = switch (state) {
            case NOT_SENT_NO_SERVER -> "not sent, and no FHIR server to ask";
            case NULL_NO_SERVER -> "not provided by the EHR";
            case CLIENT_ERROR -> "the EHR reported an error fetching them";
            case FETCH_FAILED -> "the FHIR server query failed";
            case FETCH_TIMED_OUT -> "the FHIR server did not answer in time";
            case UNREADABLE -> "the data sent could not be read";
            default -> "unavailable";
        };
        return what + ": " + why;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : (b.isNegative() || b.isZero() ? Duration.ofMillis(1) : b);
    }
}

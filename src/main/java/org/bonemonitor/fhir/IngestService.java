package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bonemonitor.fhir.FhirException.Issue;
import org.bonemonitor.record.CurrentVersion;
import org.bonemonitor.record.ResourceIndexer;
import org.bonemonitor.record.ResourceOrigin;
import org.bonemonitor.record.ResourceRow;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.StoreException;
import org.bonemonitor.security.AccessDenied;
import org.bonemonitor.security.AuditLog;
import org.bonemonitor.security.AuditedReads;
import org.bonemonitor.snapshot.SnapshotBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;

/**
 * Executes FHIR writes: transactions (all or nothing, in one database transaction), batches (each
 * entry on its own), and single creates and updates (a one-entry transaction). Entries run in the
 * R4 order — DELETE, POST, PUT, GET — whatever their order in the bundle; {@code urn:uuid} and
 * conditional references are resolved and rewritten; PUT of unchanged content and conditional
 * creates that match are no-ops, so re-posting the same bundle leaves the same data.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** An absolute fullUrl {@code <base>/Type/id}, optionally with {@code /_history/n}. */
    private static final Pattern ABSOLUTE = Pattern.compile("(https?://.+)/([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final Pattern RELATIVE = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");

    /** What happened to one entry, for the response. */
    public record EntryOutcome(int status, String type, String id, int version, Instant lastUpdated, Resource resource,
            List<Issue> warnings, Resource returned) {

        EntryOutcome(int status, String type, String id, int version, Instant lastUpdated, Resource resource, List<Issue> warnings) {
            this(status, type, id, version, lastUpdated, resource, warnings, null);
        }

        String statusLine() {
            return switch (status) {
                case 200 -> "200 OK";
                case 201 -> "201 Created";
                case 204 -> "204 No Content";
                default -> String.valueOf(status);
            };
        }
    }

    @Inject
    FhirContext fhir;
    @Inject
    ResourceStore store;
    @Inject
    ResourceIndexer indexer;
    @Inject
    SearchService search;
    @Inject
    org.bonemonitor.careplan.PlanQueue planQueue;
    @Inject
    IngestMetrics metrics;
    @Inject
    AuditLog audit;
    @Inject
    AuditedReads audited;

    /** One entry of the request, as the engine plans it. */
    private static final class Op {
        final int index;
        final HTTPVerb method;
        final String type;
        String id;
        final Resource resource;
        final String fullUrl;
        /** The resource's JSON as received (null for XML input): what is stored. */
        ObjectNode json;
        String conditionalToken;
        String query;
        boolean matchedExisting;
        List<Reference> references = List.of();
        EntryOutcome outcome;

        Op(int index, HTTPVerb method, String type, Resource resource, String fullUrl) {
            this.index = index;
            this.method = method;
            this.type = type;
            this.resource = resource;
            this.fullUrl = fullUrl;
        }

        String key() {
            return type + "/" + id;
        }

        String where() {
            return "Bundle.entry[" + index + "]";
        }

        boolean writes() {
            return (method == HTTPVerb.POST || method == HTTPVerb.PUT) && !matchedExisting;
        }
    }

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = "bone-monitor.ingest.transaction-timeout")
    public Bundle transaction(Bundle request, ObjectNode json, List<Issue> parseWarnings) {
        rejectDuplicateFullUrls(request.getEntry());
        List<EntryOutcome> outcomes = execute(request.getEntry(), entryJson(json, request), 0, true, "transaction");
        metrics.bundle("transaction", outcomes.size());
        return response(Bundle.BundleType.TRANSACTIONRESPONSE, outcomes, parseWarnings);
    }

    /**
     * Each entry in its own database transaction; a failed entry reports its OperationOutcome.
     *
     * @param authorise throws {@link AccessDenied} for an entry the caller may not perform (that entry answers 403)
     */
    public Bundle batch(Bundle request, ObjectNode json, List<Issue> parseWarnings, String correlationId,
            java.util.function.Consumer<BundleEntryComponent> authorise) {
        Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        List<BundleEntryComponent> entries = request.getEntry();
        List<ObjectNode> entryJson = entryJson(json, request);
        for (int i = 0; i < entries.size(); i++) {
            int index = i;
            try {
                authorise.accept(entries.get(index));
                EntryOutcome outcome = QuarkusTransaction.requiringNew()
                        .call(() -> execute(List.of(entries.get(index)), java.util.Collections.singletonList(entryJson.get(index)), index, false, "batch").get(0));
                response.addEntry(entry(outcome));
            } catch (FhirException e) {
                response.addEntry(failed(e.status(), e.issues(), correlationId));
            } catch (AccessDenied e) {
                response.addEntry(failed(e.status(), List.of(Issue.error(IssueType.FORBIDDEN, e.getMessage())), correlationId));
            } catch (StoreException e) {
                if (!e.isConflict()) {
                    throw e;
                }
                response.addEntry(failed(409, List.of(conflict()), correlationId));
            }
        }
        attachParseWarnings(response, parseWarnings);
        metrics.bundle("batch", entries.size());
        return response;
    }

    @Transactional
    public EntryOutcome create(Resource resource, ObjectNode json, String ifNoneExist) {
        BundleEntryComponent entry = new BundleEntryComponent().setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType()).setIfNoneExist(ifNoneExist);
        return execute(List.of(entry), java.util.Collections.singletonList(json), 0, false, "create").get(0);
    }

    @Transactional
    public EntryOutcome update(String type, String id, Resource resource, ObjectNode json) {
        BundleEntryComponent entry = new BundleEntryComponent().setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(type + "/" + id);
        return execute(List.of(entry), java.util.Collections.singletonList(json), 0, false, "update").get(0);
    }

    @Transactional
    public EntryOutcome delete(String type, String id) {
        BundleEntryComponent entry = new BundleEntryComponent();
        entry.getRequest().setMethod(HTTPVerb.DELETE).setUrl(type + "/" + id);
        return execute(List.of(entry), java.util.Collections.singletonList(null), 0, false, "delete").get(0);
    }

    /**
     * Bulk Data import: each resource is an update with the id it was exported with (a create, or a new
     * version; unchanged content makes none, so a line imported twice changes nothing). References are
     * kept as exported and need not resolve: an export's files arrive type by type, and the types left out
     * of {@code _type} never arrive. One database transaction (the caller's, when there is one), with the
     * plan-queue rows of the patients touched, as for {@code POST /fhir}.
     */
    @Transactional
    public List<EntryOutcome> importResources(List<Resource> resources, List<ObjectNode> json) {
        List<BundleEntryComponent> entries = new ArrayList<>(resources.size());
        for (Resource resource : resources) {
            BundleEntryComponent entry = new BundleEntryComponent().setResource(resource);
            entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            entries.add(entry);
        }
        return execute(entries, json, 0, true, "update", false);
    }

    /** Each entry's resource JSON, in entry order; nulls (HAPI encodes) when there is no JSON tree. */
    private static List<ObjectNode> entryJson(ObjectNode bundle, Bundle parsed) {
        List<ObjectNode> nodes = new ArrayList<>(java.util.Collections.nCopies(parsed.getEntry().size(), (ObjectNode) null));
        JsonNode entries = bundle == null ? null : bundle.get("entry");
        if (entries != null && entries.isArray() && entries.size() == nodes.size()) {
            for (int i = 0; i < nodes.size(); i++) {
                if (entries.get(i).get("resource") instanceof ObjectNode resource) {
                    nodes.set(i, resource);
                }
            }
        }
        return nodes;
    }

    private List<EntryOutcome> execute(List<BundleEntryComponent> entries, List<ObjectNode> json, int firstIndex, boolean transaction,
            String interaction) {
        return execute(entries, json, firstIndex, transaction, interaction, true);
    }

    /** @param interaction the FHIR restful-interaction, for the audit trail */
    private List<EntryOutcome> execute(List<BundleEntryComponent> entries, List<ObjectNode> json, int firstIndex, boolean transaction,
            String interaction, boolean referencesMustResolve) {
        Instant now = Instant.now();
        List<Op> ops = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Op op = plan(entries.get(i), firstIndex + i);
            op.json = json.get(i);
            ops.add(op);
        }
        rejectDuplicateTargets(ops);

        // One identifier lookup for ifNoneExist, conditional PUTs and conditional references.
        Set<String> tokens = new LinkedHashSet<>();
        for (Op op : ops) {
            if (op.conditionalToken != null) {
                tokens.add(op.conditionalToken);
            }
            if (op.resource != null && (op.method == HTTPVerb.POST || op.method == HTTPVerb.PUT)) {
                op.references = ReferenceCollector.references(fhir, op.resource);
                for (Reference reference : op.references) {
                    ConditionalReference conditional = ConditionalReference.parse(reference.getReference());
                    if (conditional != null) {
                        tokens.add(conditional.token);
                    }
                }
            }
        }
        Map<String, List<String>> byIdentifier = store.findByIdentifiers(tokens);
        // DELETE entries run first (R4 order): what they delete matches no condition of this bundle.
        ops.stream().filter(op -> op.method == HTTPVerb.DELETE)
                .forEach(op -> byIdentifier.values().forEach(keys -> keys.remove(op.key())));
        assignTargets(ops, byIdentifier);

        Map<String, String> fullUrls = new HashMap<>();
        Set<String> targets = new HashSet<>();
        for (Op op : ops) {
            if (op.id != null) {
                targets.add(op.key());
                if (op.fullUrl != null && !op.fullUrl.isBlank()) {
                    fullUrls.put(op.fullUrl, op.key());
                }
            }
        }
        Set<String> mustExist = new LinkedHashSet<>();
        Map<String, String> rewritten = new HashMap<>();
        for (Op op : ops) {
            if (op.writes()) {
                rewriteReferences(op, ops, fullUrls, targets, byIdentifier, mustExist, rewritten, transaction);
            }
        }

        if (!referencesMustResolve) {
            mustExist.clear();
        }
        Set<String> lookup = new HashSet<>(mustExist);
        for (Op op : ops) {
            if (op.method == HTTPVerb.PUT || op.method == HTTPVerb.DELETE) {
                lookup.add(op.key());
            }
        }
        Map<String, CurrentVersion> current = store.currentVersions(lookup);
        for (String key : mustExist) {
            CurrentVersion found = current.get(key);
            if (found == null || found.deleted()) {
                throw FhirException.invalid("Reference to " + key + " points to no stored resource and to no entry of this bundle");
            }
        }

        List<ResourceRow> rows = new ArrayList<>();
        IParser encoder = fhir.newJsonParser();
        for (Op op : ops) {
            switch (op.method) {
                case POST, PUT -> rows.addAll(write(op, current.get(op.key()), encoder, rewritten, now));
                case DELETE -> rows.addAll(delete(op, current.get(op.key()), now));
                default -> {
                }
            }
        }
        store.write(rows);
        store.recordOrigins(origins(ops));
        // same transaction: the plan worker re-plans every patient whose record changed (durable queue)
        planQueue.enqueue(org.bonemonitor.careplan.PlanQueue.patientsOf(rows));
        AuditLog.Batch trail = new AuditLog.Batch(interaction);
        for (ResourceRow row : rows) {
            trail.add(row.deleted() ? 'D' : row.version() == 1 ? 'C' : 'U', row.patientId(), row.type() + "/" + row.id());
        }
        for (Op op : ops) {
            if (op.method == HTTPVerb.GET || op.method == HTTPVerb.HEAD) {
                op.outcome = new EntryOutcome(200, op.type, op.id, 0, now, null, List.of(), search.get(op.type, op.id, op.query));
                audited.reads(trail, op.outcome.returned(), op.type + (op.id != null ? "/" + op.id : "?" + op.query));
            }
        }
        // same transaction as the write: both are kept, or neither
        audit.record(AuditLog.Surface.FHIR, 200, trail);
        List<EntryOutcome> outcomes = new ArrayList<>(ops.size());
        ops.forEach(op -> outcomes.add(op.outcome));
        return outcomes;
    }

    /**
     * The sender's own id of each written resource, where the request tells it: the id of a
     * {@code PUT Type/id}, or of an absolute {@code fullUrl} (with that server's base). Write-back uses
     * it to reference the record the way the EHR knows it (docs/writeback.md).
     */
    private static List<ResourceOrigin> origins(List<Op> ops) {
        List<ResourceOrigin> origins = new ArrayList<>();
        for (Op op : ops) {
            if (!op.writes()) {
                continue;
            }
            Matcher absolute = op.fullUrl == null ? null : ABSOLUTE.matcher(op.fullUrl);
            if (absolute != null && absolute.matches() && absolute.group(2).equals(op.type)) {
                origins.add(new ResourceOrigin(op.type, op.id, absolute.group(3), absolute.group(1)));
            } else if (op.method == HTTPVerb.PUT && op.conditionalToken == null) {
                origins.add(new ResourceOrigin(op.type, op.id, op.id, null));
            }
        }
        return origins;
    }

    private Op plan(BundleEntryComponent entry, int index) {
        String where = "Bundle.entry[" + index + "]";
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (!entry.hasRequest() || request.getMethod() == null || request.getMethod() == HTTPVerb.NULL) {
            throw FhirException.invalid(where + ".request.method is missing");
        }
        String url = request.getUrl();
        if (url == null || url.isBlank()) {
            throw FhirException.invalid(where + ".request.url is missing");
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            throw FhirException.invalid(where + ".request.url must be relative to this server (e.g. 'Patient/123'), not '" + url + "'");
        }
        url = url.startsWith("/") ? url.substring(1) : url;
        String path = url;
        String query = null;
        int q = url.indexOf('?');
        if (q >= 0) {
            path = url.substring(0, q);
            query = url.substring(q + 1);
        }
        String[] parts = path.split("/");
        String type = parts[0];
        requireKnownType(type, where + ".request.url");
        Resource resource = entry.getResource();
        HTTPVerb method = request.getMethod();
        Op op = new Op(index, method, type, resource, entry.getFullUrl());
        switch (method) {
            case POST -> {
                requireResource(op, where);
                if (parts.length != 1 || query != null) {
                    throw FhirException.invalid(where + ": a POST entry's request.url is the resource type, e.g. '" + type + "'");
                }
                if (request.hasIfNoneExist()) {
                    op.conditionalToken = identifierToken(request.getIfNoneExist(), where + ".request.ifNoneExist");
                }
            }
            case PUT -> {
                requireResource(op, where);
                if (query != null && parts.length == 1) {
                    op.conditionalToken = identifierToken(query, where + ".request.url");
                } else if (parts.length == 2 && query == null) {
                    op.id = requireId(parts[1], where);
                    String bodyId = resource.getIdElement().getIdPart();
                    if (bodyId != null && !bodyId.equals(op.id)) {
                        throw FhirException.invalid(where + ": resource id '" + bodyId + "' differs from the id in request.url '" + op.id + "'");
                    }
                } else {
                    throw FhirException.invalid(where + ": a PUT entry's request.url is 'Type/id' or 'Type?identifier=system|value'");
                }
            }
            case DELETE -> {
                if (parts.length != 2 || query != null) {
                    throw FhirException.invalid(where + ": a DELETE entry's request.url is 'Type/id' (conditional delete is not supported)");
                }
                op.id = requireId(parts[1], where);
            }
            case GET, HEAD -> {
                if (parts.length == 2 && query == null) {
                    op.id = requireId(parts[1], where);
                } else if (parts.length == 1) {
                    op.query = query;
                } else {
                    throw FhirException.invalid(where + ": a GET entry's request.url is 'Type/id' or 'Type?params'");
                }
            }
            default -> throw new FhirException(400, IssueType.NOTSUPPORTED, where + ": method " + method.toCode() + " is not supported");
        }
        return op;
    }

    private void requireResource(Op op, String where) {
        if (op.resource == null) {
            throw FhirException.invalid(where + " has no resource for its " + op.method.toCode());
        }
        if (!op.resource.fhirType().equals(op.type)) {
            throw FhirException.invalid(where + ": resource type " + op.resource.fhirType() + " does not match request.url type " + op.type);
        }
    }

    private void requireKnownType(String type, String where) {
        if (!fhir.getResourceTypes().contains(type)) {
            throw FhirException.invalid(where + ": '" + type + "' is not an R4 resource type");
        }
    }

    private static String requireId(String id, String where) {
        if (!ID.matcher(id).matches()) {
            throw FhirException.invalid(where + ": '" + id + "' is not a valid resource id");
        }
        return id;
    }

    /** The "system|value" token of an {@code identifier=} search, the only conditional search supported. */
    static String identifierToken(String query, String where) {
        String q = query.contains("?") ? query.substring(query.indexOf('?') + 1) : query;
        if (!q.startsWith("identifier=") || q.contains("&")) {
            throw FhirException.invalid(where + ": only 'identifier=system|value' is supported as a condition, not '" + query + "'");
        }
        String token;
        try {
            token = URLDecoder.decode(q.substring("identifier=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw FhirException.invalid(where + ": '" + query + "' is not a well-formed query (a '%' must start a %XX escape)");
        }
        if (token.indexOf('\0') >= 0) {
            throw FhirException.invalid(where + ": the identifier condition holds a NUL character");
        }
        if (!token.contains("|") || token.endsWith("|")) {
            throw FhirException.invalid(where + ": the identifier condition needs 'system|value', got '" + token + "'");
        }
        return token;
    }

    /** Two entries with one fullUrl make every reference to it ambiguous (R4 Bundle: fullUrl is unique, bdl-7). */
    static void rejectDuplicateFullUrls(List<BundleEntryComponent> entries) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String fullUrl = entries.get(i).getFullUrl();
            if (fullUrl == null || fullUrl.isBlank()) {
                continue;
            }
            Integer first = seen.putIfAbsent(fullUrl, i);
            if (first != null) {
                throw FhirException.invalid("Bundle.entry[" + i + "].fullUrl '" + fullUrl + "' is also the fullUrl of Bundle.entry["
                        + first + "]: each entry's fullUrl must be unique");
            }
        }
    }

    private static void rejectDuplicateTargets(List<Op> ops) {
        Set<String> seen = new HashSet<>();
        for (Op op : ops) {
            if (op.id != null && op.method != HTTPVerb.GET && op.method != HTTPVerb.HEAD && !seen.add(op.key())) {
                throw FhirException.invalid(op.where() + ": " + op.key() + " is the target of more than one entry");
            }
        }
    }

    private void assignTargets(List<Op> ops, Map<String, List<String>> byIdentifier) {
        for (Op op : ops) {
            if (op.method != HTTPVerb.POST && op.method != HTTPVerb.PUT) {
                continue;
            }
            if (op.conditionalToken != null) {
                List<String> matches = ofType(byIdentifier.get(op.conditionalToken), op.type);
                if (matches.size() > 1) {
                    throw new FhirException(412, IssueType.MULTIPLEMATCHES, op.where() + ": " + matches.size() + " "
                            + op.type + " resources match identifier " + op.conditionalToken);
                }
                if (matches.size() == 1) {
                    op.id = matches.get(0).substring(op.type.length() + 1);
                    op.matchedExisting = op.method == HTTPVerb.POST;
                    continue;
                }
            }
            if (op.id == null) {
                String bodyId = op.method == HTTPVerb.PUT ? op.resource.getIdElement().getIdPart() : null;
                op.id = bodyId != null && ID.matcher(bodyId).matches() ? bodyId : UUID.randomUUID().toString();
            }
        }
    }

    private static List<String> ofType(List<String> keys, String type) {
        if (keys == null) {
            return List.of();
        }
        return keys.stream().filter(k -> k.startsWith(type + "/")).distinct().sorted().toList();
    }

    private void rewriteReferences(Op op, List<Op> ops, Map<String, String> fullUrls, Set<String> targets,
            Map<String, List<String>> byIdentifier, Set<String> mustExist, Map<String, String> rewritten, boolean transaction) {
        for (Reference reference : op.references) {
            String ref = reference.getReference();
            if (ref == null || ref.startsWith("#")) {
                continue;
            }
            String mapped = fullUrls.get(ref);
            if (mapped != null) {
                reference.setReference(mapped);
                rewritten.put(ref, mapped);
                continue;
            }
            if (ref.startsWith("urn:")) {
                throw FhirException.invalid(op.where() + ": reference '" + ref + "' points to no entry of this "
                        + (transaction ? "transaction" : "request") + " (a urn:uuid reference must name another entry's fullUrl)");
            }
            ConditionalReference conditional = ConditionalReference.parse(ref);
            if (conditional != null) {
                String resolved = resolve(op, conditional, ops, byIdentifier);
                reference.setReference(resolved);
                rewritten.put(ref, resolved);
                continue;
            }
            if (ref.startsWith("http://") || ref.startsWith("https://")) {
                continue;
            }
            Matcher m = RELATIVE.matcher(ref);
            if (!m.matches()) {
                throw FhirException.invalid(op.where() + ": reference '" + ref + "' is not of the form Type/id");
            }
            requireKnownType(m.group(1), op.where() + " reference '" + ref + "'");
            String key = m.group(1) + "/" + m.group(2);
            if (!targets.contains(key)) {
                mustExist.add(key);
            }
        }
    }

    /** A conditional reference resolves to exactly one resource, in this bundle or stored. */
    private String resolve(Op op, ConditionalReference conditional, List<Op> ops, Map<String, List<String>> byIdentifier) {
        Set<String> matches = new LinkedHashSet<>(ofType(byIdentifier.get(conditional.token), conditional.type));
        for (Op other : ops) {
            if (other.resource != null && other.type.equals(conditional.type) && other.id != null) {
                String[] identifiers = indexer.identifiers(other.resource);
                if (identifiers != null && List.of(identifiers).contains(conditional.token)) {
                    matches.add(other.key());
                }
            }
        }
        if (matches.size() != 1) {
            throw new FhirException(matches.isEmpty() ? 400 : 412, matches.isEmpty() ? IssueType.NOTFOUND : IssueType.MULTIPLEMATCHES,
                    op.where() + ": conditional reference '" + conditional.text + "' matches " + matches.size()
                            + " resources; it must match exactly one");
        }
        return matches.iterator().next();
    }

    private record ConditionalReference(String type, String token, String text) {
        static ConditionalReference parse(String ref) {
            if (ref == null || ref.startsWith("http") || !ref.contains("?")) {
                return null;
            }
            String type = ref.substring(0, ref.indexOf('?'));
            return new ConditionalReference(type, identifierToken(ref, "reference '" + ref + "'"), ref);
        }
    }

    /** A resource the rules read about a patient that names no patient: stored, but no plan can use it. */
    private boolean lacksPatient(Resource resource) {
        String type = resource.fhirType();
        return SnapshotBuilder.INPUT_TYPES.contains(type) && !type.equals("Patient") && !type.equals("Medication")
                && indexer.patientId(resource).isEmpty();
    }

    private List<ResourceRow> write(Op op, CurrentVersion current, IParser json, Map<String, String> rewritten, Instant now) {
        List<Issue> warnings = lacksPatient(op.resource)
                ? List.of(Issue.warning(IssueType.INFORMATIONAL, op.type + " names no patient: stored, but no patient's plan can use it",
                        op.type + ".subject"))
                : List.of();
        if (op.matchedExisting) {
            op.outcome = new EntryOutcome(200, op.type, op.id, 0, now, null, warnings);
            return List.of();
        }
        op.resource.setId(op.id);
        op.resource.getMeta().setVersionId(null).setLastUpdated(null);
        String encoded = op.json != null ? JsonResources.stored(op.json, op.id, rewritten) : json.encodeResourceToString(op.resource);
        // Only a PUT can repeat a write (POST always creates): hash just those, to spot unchanged content.
        String hash = op.method == HTTPVerb.PUT ? ResourceIndexer.hash(encoded) : null;
        boolean exists = current != null && !current.deleted();
        if (exists && hash != null && hash.equals(current.contentHash())) {
            op.outcome = new EntryOutcome(200, op.type, op.id, current.version(), current.lastUpdated(), op.resource, warnings);
            return List.of();
        }
        int version = current == null ? 1 : current.version() + 1;
        op.outcome = new EntryOutcome(exists ? 200 : 201, op.type, op.id, version, now, op.resource, warnings);
        return List.of(indexer.row(op.resource, encoded, hash, version, now));
    }

    private static List<ResourceRow> delete(Op op, CurrentVersion current, Instant now) {
        if (current == null || current.deleted()) {
            op.outcome = new EntryOutcome(204, op.type, op.id, current == null ? 0 : current.version(), now, null, List.of());
            return List.of();
        }
        int version = current.version() + 1;
        op.outcome = new EntryOutcome(204, op.type, op.id, version, now, null, List.of());
        return List.of(new ResourceRow(op.type, op.id, version, now, true, null, null, null, null, null, null, null, null,
                null, "", null, null, null));
    }

    private Bundle response(Bundle.BundleType type, List<EntryOutcome> outcomes, List<Issue> parseWarnings) {
        Bundle response = new Bundle().setType(type);
        outcomes.forEach(o -> response.addEntry(entry(o)));
        attachParseWarnings(response, parseWarnings);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s of %d entries", type.toCode(), outcomes.size());
        }
        return response;
    }

    private static BundleEntryComponent entry(EntryOutcome outcome) {
        BundleEntryComponent entry = new BundleEntryComponent();
        Bundle.BundleEntryResponseComponent response = entry.getResponse().setStatus(outcome.statusLine());
        if (outcome.version() > 0) {
            response.setLocation(outcome.type() + "/" + outcome.id() + "/_history/" + outcome.version())
                    .setEtag("W/\"" + outcome.version() + "\"")
                    .setLastModified(java.util.Date.from(outcome.lastUpdated()));
        } else if (outcome.id() != null && outcome.returned() == null) {
            response.setLocation(outcome.type() + "/" + outcome.id());
        }
        if (outcome.returned() != null) {
            entry.setResource(outcome.returned());
        }
        if (!outcome.warnings().isEmpty()) {
            response.setOutcome(FhirResponses.outcome(null, outcome.warnings()));
        }
        return entry;
    }

    private static BundleEntryComponent failed(int status, List<Issue> issues, String correlationId) {
        BundleEntryComponent entry = new BundleEntryComponent();
        entry.getResponse().setStatus(String.valueOf(status)).setOutcome(FhirResponses.outcome(correlationId, issues));
        return entry;
    }

    /** Unknown elements are found while parsing the whole bundle; they are reported on its first entry. */
    private static void attachParseWarnings(Bundle response, List<Issue> parseWarnings) {
        if (parseWarnings.isEmpty() || response.getEntry().isEmpty()) {
            return;
        }
        Bundle.BundleEntryResponseComponent first = response.getEntryFirstRep().getResponse();
        List<Issue> all = new ArrayList<>();
        parseWarnings.forEach(w -> all.add(Issue.warning(w.type(), "In the request bundle: " + w.diagnostics(), w.location())));
        if (first.hasOutcome()) {
            ((org.hl7.fhir.r4.model.OperationOutcome) first.getOutcome()).getIssue().forEach(i -> all.add(
                    Issue.warning(i.getCode(), i.getDiagnostics(), i.hasExpression() ? i.getExpression().get(0).getValue() : null)));
        }
        first.setOutcome(FhirResponses.outcome(null, all));
    }

    static Issue conflict() {
        return Issue.error(IssueType.CONFLICT, "A concurrent request changed the same resource; retry the request");
    }
}

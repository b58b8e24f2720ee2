package org.bonemonitor.writeback;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bonemonitor.testing.StrictR4Validator;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A small in-memory FHIR R4 server on loopback that plays the EHR for the tests, over real HTTP
 * (the JDK's HttpServer), as strict as HAPI's JPA server: {@code POST /fhir} transactions with
 * conditional create and update, {@code urn:uuid} and conditional references, referential integrity,
 * and every received resource validated against R4 with reference target types checked (see
 * {@link #transaction}); bearer or SMART Backend Services authorisation with a token endpoint that
 * verifies the client assertion; and fault injection. The EHR's own records enter by {@link #record}.
 */
public final class FakeEhr {

    public enum Auth { NONE, BEARER, SMART }

    /** One request as the EHR saw it. */
    public record Seen(String method, String path, String authorization, String body) { }

    /** Something to do instead of (or around) the next transaction request. */
    public sealed interface Fault permits Status, StallBefore, StallAfter, RevokeTokens { }

    /** Answer with this status, headers and body, without processing. */
    public record Status(int code, Map<String, String> headers, String body) implements Fault { }

    /** Wait this long, then process normally (the client has usually given up by then). */
    public record StallBefore(Duration duration) implements Fault { }

    /** Process (the resources are stored!), then wait this long before answering: a lost acknowledgement. */
    public record StallAfter(Duration duration) implements Fault { }

    /** Invalidate every token issued so far, so the next request gets a 401 until a new token is used. */
    public record RevokeTokens() implements Fault { }

    private record Stored(String type, String id, int version, Resource resource) { }

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final Auth auth;
    private final String staticToken;
    private final String clientId;
    private final String keyId;
    private final PublicKey clientKey;
    private volatile long expiresInSeconds = 300;
    private volatile boolean validating = true;

    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private final Map<String, Stored> store = new LinkedHashMap<>();
    private final Map<String, Set<String>> byIdentifier = new HashMap<>();
    private int nextId = 1;
    private volatile java.util.concurrent.CountDownLatch stallRelease = new java.util.concurrent.CountDownLatch(1);
    private final AtomicInteger generation = new AtomicInteger();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final List<String> transactionsProcessed = new CopyOnWriteArrayList<>();

    private final Set<String> validTokens = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> usedJti = Collections.synchronizedSet(new HashSet<>());
    private final List<String> assertionAlgorithms = new CopyOnWriteArrayList<>();
    private final List<String> assertionRejections = new CopyOnWriteArrayList<>();
    private final AtomicInteger wellKnownRequests = new AtomicInteger();

    public FakeEhr(Auth auth, String staticToken, String clientId, String keyId, PublicKey clientKey) {
        this.auth = auth;
        this.staticToken = staticToken;
        this.clientId = clientId;
        this.keyId = keyId;
        this.clientKey = clientKey;
    }

    public synchronized FakeEhr start() throws IOException {
        // the validator's first use of each kind of content loads definitions and code systems (seconds): not on a delivery's clock
        warmUp();
        // answer without Nagle's delay (headers and body are separate writes; the JDK default waits ~40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        port = server.getAddress().getPort();
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/fhir", this::fhir);
        server.createContext("/auth/token", this::token);
        server.start();
        return this;
    }

    /** Validates one resource of each shape the tests send (narrative, SNOMED, LOINC, UCUM, language codes). */
    private void warmUp() {
        fhir.newJsonParser().parseResource(Bundle.class, WARM_UP).getEntry()
                .forEach(e -> StrictR4Validator.errors(e.getResource()));
    }

    private static final String WARM_UP = """
            {"resourceType":"Bundle","type":"collection","entry":[
             {"resource":{"resourceType":"Patient","id":"w","language":"en","communication":[{"language":{"coding":[
               {"system":"urn:ietf:bcp:47","code":"en-GB"}]}}],"gender":"female","birthDate":"1960-01-01"}},
             {"resource":{"resourceType":"CarePlan","id":"w","text":{"status":"generated",
               "div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p>w</p></div>"},"status":"active","intent":"plan",
               "category":[{"coding":[{"system":"http://snomed.info/sct","code":"736353004"}]}],"subject":{"reference":"Patient/w"}}},
             {"resource":{"resourceType":"ServiceRequest","id":"w","status":"active","intent":"order",
               "code":{"coding":[{"system":"http://loinc.org","code":"62292-8"},{"system":"http://snomed.info/sct","code":"312681000"},
               {"system":"http://www.ama-assn.org/go/cpt","code":"77080"}]},"reasonCode":[{"coding":[
               {"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"Z79.811"}]}],"subject":{"reference":"Patient/w"},
               "basedOn":[{"reference":"CarePlan/w"}]}},
             {"resource":{"resourceType":"Observation","id":"w","status":"final","code":{"coding":[{"system":"http://loinc.org",
               "code":"38267-1"}]},"subject":{"reference":"Patient/w"},"effectiveDateTime":"2026-01-01",
               "valueQuantity":{"value":-1,"system":"http://unitsofmeasure.org","code":"1"}}},
             {"resource":{"resourceType":"MedicationStatement","id":"w","status":"active","medicationCodeableConcept":{"coding":[
               {"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"199224"}]},"subject":{"reference":"Patient/w"}}}]}""";

    /** Stops listening: connections are refused until {@link #start()} (same port). */
    public synchronized void stop() {
        releaseStalls();
        server.stop(0);
        executor.shutdownNow();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + port + "/auth/token";
    }

    // ---------------------------------------------------------------- test controls

    public synchronized void reset() {
        generation.incrementAndGet();
        releaseStalls();
        store.clear();
        byIdentifier.clear();
        faults.clear();
        requests.clear();
        transactionsProcessed.clear();
        validating = true;
        assertionAlgorithms.clear();
        assertionRejections.clear();
        wellKnownRequests.set(0);
        expiresInSeconds = 300;
    }

    /** Ends every stall now (stalled requests then go on: StallBefore processes, StallAfter answers). */
    public void releaseStalls() {
        java.util.concurrent.CountDownLatch old = stallRelease;
        stallRelease = new java.util.concurrent.CountDownLatch(1);
        old.countDown();
    }

    public synchronized void fault(Fault... next) {
        faults.addAll(List.of(next));
    }

    public static Fault status(int code) {
        return new Status(code, Map.of(), "");
    }

    /** The EHR holds a Patient with this id (as its own registration would create it). */
    public synchronized void registerPatient(String id) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue("MRN-" + id);
        put("Patient/" + id, 1, patient);
    }

    /**
     * The EHR records a patient's data itself (a transaction Bundle, as the scenario fixtures are):
     * processed like any transaction, without authorisation. Fails when the EHR refuses it.
     */
    public void record(String transactionJson) {
        Object answer = transaction(fhir.newJsonParser().parseResource(Bundle.class, transactionJson));
        if (answer instanceof Status refused) {
            throw new AssertionError("the EHR refused the record: " + refused.code() + " " + refused.body());
        }
    }

    /**
     * Turns the R4 validation of received resources off (it is on after {@link #reset()}): only for
     * the benchmark, which measures our relay, not HAPI's validator (~0.1 s per resource).
     */
    public void validating(boolean on) {
        validating = on;
    }

    public void tokenLifetime(long seconds) {
        expiresInSeconds = seconds;
    }

    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    public List<Seen> transactionRequests() {
        return requests.stream().filter(r -> r.method().equals("POST") && r.path().matches("/fhir/?")).toList();
    }

    public int tokensIssued() {
        return (int) requests.stream().filter(r -> r.path().equals("/auth/token")).count()
                - assertionRejections.size();
    }

    public List<String> assertionAlgorithms() {
        return List.copyOf(assertionAlgorithms);
    }

    public List<String> assertionRejections() {
        return List.copyOf(assertionRejections);
    }

    public int wellKnownRequests() {
        return wellKnownRequests.get();
    }

    /** Transactions the EHR committed, as the summary "Type:identifier-value" lists, in commit order. */
    public List<String> transactionsProcessed() {
        return List.copyOf(transactionsProcessed);
    }

    public synchronized int count(String type) {
        return (int) store.values().stream().filter(s -> s.type().equals(type)).count();
    }

    /** How many stored resources of the type carry this identifier value (exactly-once means 1). */
    public synchronized int countWithIdentifier(String type, String value) {
        return (int) store.values().stream().filter(s -> s.type().equals(type))
                .filter(s -> identifiers(s.resource()).stream().anyMatch(i -> value.equals(i.getValue()))).count();
    }

    /** The stored resource with this identifier value, as the EHR holds it (its own id and version). */
    public synchronized Optional<Resource> find(String type, String identifierValue) {
        return store.values().stream().filter(s -> s.type().equals(type))
                .filter(s -> identifiers(s.resource()).stream().anyMatch(i -> identifierValue.equals(i.getValue())))
                .map(Stored::resource).findFirst();
    }

    // ---------------------------------------------------------------- FHIR endpoint

    private void fhir(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Seen(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (path.equals("/fhir/.well-known/smart-configuration") && exchange.getRequestMethod().equals("GET")) {
                wellKnownRequests.incrementAndGet();
                send(exchange, 200, "application/json", """
                        {"token_endpoint":"%s","grant_types_supported":["client_credentials"],
                         "token_endpoint_auth_methods_supported":["private_key_jwt"],
                         "token_endpoint_auth_signing_alg_values_supported":["RS384","ES384"],
                         "capabilities":["client-confidential-asymmetric"]}""".formatted(tokenUrl()));
                return;
            }
            if (!path.matches("/fhir/?") || !exchange.getRequestMethod().equals("POST")) {
                send(exchange, 404, "application/fhir+json", outcome("not-found", "no such endpoint: " + path));
                return;
            }
            Fault fault;
            synchronized (this) {
                fault = faults.poll();
            }
            if (fault instanceof RevokeTokens) {
                validTokens.clear();
                fault = null;
            }
            if (!authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                send(exchange, 401, "application/fhir+json", outcome("login", "token missing, unknown or expired"));
                return;
            }
            if (fault instanceof Status s) {
                s.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                send(exchange, s.code(), "application/fhir+json", s.body());
                return;
            }
            int generationAtStart = generation.get();
            if (fault instanceof StallBefore s) {
                stall(s.duration());
                if (generation.get() != generationAtStart) {
                    return;
                }
            }
            Bundle bundle;
            try {
                bundle = fhir.newJsonParser().parseResource(Bundle.class, body);
            } catch (RuntimeException e) {
                send(exchange, 400, "application/fhir+json", outcome("structure", "not a Bundle: " + e.getMessage()));
                return;
            }
            Object answer = transaction(bundle);
            if (fault instanceof StallAfter s) {
                stall(s.duration());
            }
            if (answer instanceof Bundle response) {
                send(exchange, 200, "application/fhir+json", fhir.newJsonParser().encodeResourceToString(response));
            } else {
                Status rejected = (Status) answer;
                send(exchange, rejected.code(), "application/fhir+json", rejected.body());
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection: nothing to answer
        }
    }

    private boolean authorised(String header) {
        return switch (auth) {
            case NONE -> true;
            case BEARER -> ("Bearer " + staticToken).equals(header);
            case SMART -> header != null && header.startsWith("Bearer ") && validTokens.contains(header.substring(7));
        };
    }

    /** A refusal of the whole transaction, as the strict server words it. */
    private static final class Refused extends RuntimeException {
        final transient Status status;

        Refused(Status status) {
            super(status.body(), null, false, false);
            this.status = status;
        }
    }

    /** One entry of a transaction: its target key, what happens to it, and the resource as it will be stored. */
    private static final class Entry {
        final String key;
        final String action;
        final Resource resource;

        Entry(String key, String action, Resource resource) {
            this.key = key;
            this.action = action;
            this.resource = resource;
        }
    }

    /**
     * Processes a transaction all-or-nothing, as HAPI's JPA server does: a Bundle (transaction-response)
     * or a rejection Status. Conditional create ({@code ifNoneExist}) and update ({@code PUT Type?identifier=})
     * match by identifier (more than one match: 412); a client id that is only digits is refused (HAPI-0960);
     * references must resolve — urn:uuid to an entry, a conditional reference to exactly one resource, a
     * relative one to a resource held or created here (HAPI-1094), never to another server (HAPI-0507);
     * every resource must pass the R4 validator with reference target types checked (422); an update
     * that changes nothing keeps its version.
     */
    private synchronized Object transaction(Bundle bundle) {
        try {
            return process(bundle);
        } catch (Refused refused) {
            return refused.status;
        }
    }

    private Bundle process(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw refuse(400, "invariant", "only transaction Bundles are accepted here");
        }
        // 1. decide the target of each entry
        Map<String, String> fullUrlToKey = new HashMap<>();
        List<String[]> targets = new ArrayList<>();
        int provisionalId = nextId;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                throw refuse(400, "invalid", "a transaction entry without a resource");
            }
            String type = resource.fhirType();
            Bundle.HTTPVerb method = entry.getRequest().getMethod();
            String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl();
            String key;
            String action;
            if (method == Bundle.HTTPVerb.POST && url.equals(type)) {
                List<String> matches = entry.getRequest().hasIfNoneExist()
                        ? search(type, entry.getRequest().getIfNoneExist()) : List.of();
                if (matches.size() > 1) {
                    throw refuse(412, "multiple-matches", "HAPI-0958: Failed to CREATE resource with match URL \""
                            + entry.getRequest().getIfNoneExist() + "\" because this search matched " + matches.size() + " resources");
                }
                key = matches.isEmpty() ? type + "/" + (provisionalId++) : matches.get(0);
                action = matches.isEmpty() ? "create" : "exists";
            } else if (method == Bundle.HTTPVerb.PUT && url.matches(type + "/[A-Za-z0-9\\-.]{1,64}")) {
                key = url;
                String id = url.substring(type.length() + 1);
                if (!store.containsKey(key) && id.matches("[0-9]+")) {
                    throw refuse(400, "processing", "HAPI-0960: Can not create resource with ID[" + id + "], no resource with this ID "
                            + "exists and clients may only assign IDs which contain at least one non-numeric character");
                }
                action = store.containsKey(key) ? "update" : "create";
            } else if (method == Bundle.HTTPVerb.PUT && url.startsWith(type + "?")) {
                List<String> matches = search(type, url.substring(type.length() + 1));
                if (matches.size() > 1) {
                    throw refuse(412, "multiple-matches", "HAPI-0988: Failed to UPDATE resource with match URL \"" + url
                            + "\" because this search matched " + matches.size() + " resources");
                }
                key = matches.isEmpty() ? type + "/" + (provisionalId++) : matches.get(0);
                action = matches.isEmpty() ? "create" : "update";
            } else {
                throw refuse(400, "not-supported", "unsupported request " + method + " " + url);
            }
            if (entry.hasFullUrl() && fullUrlToKey.put(entry.getFullUrl(), key) != null) {
                throw refuse(400, "invalid", "HAPI-0535: Transaction bundle contains multiple resources with ID: " + entry.getFullUrl());
            }
            targets.add(new String[] {key, action});
        }
        Set<String> inThisTransaction = new HashSet<>();
        targets.forEach(t -> inThisTransaction.add(t[0]));
        // 2. resolve and check references, validate
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String key = targets.get(i)[0];
            Resource copy = bundle.getEntry().get(i).getResource().copy();
            copy.setId(key);
            String type = copy.fhirType();
            references(copy, type, (reference, path) -> resolve(reference, path, fullUrlToKey, inThisTransaction));
            if (validating) {
                List<SingleValidationMessage> errors = StrictR4Validator.errors(copy);
                if (!errors.isEmpty()) {
                    OperationOutcome outcome = new OperationOutcome();
                    errors.forEach(m -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                            .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(m.getMessage())
                            .addExpression(m.getLocationString()));
                    throw new Refused(new Status(422, Map.of(), fhir.newJsonParser().encodeResourceToString(outcome)));
                }
            }
            entries.add(new Entry(key, targets.get(i)[1], copy));
        }
        // 3. apply
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        List<String> summary = new ArrayList<>();
        for (Entry entry : entries) {
            Stored stored = store.get(entry.key);
            String action = entry.action;
            if ("update".equals(action) && unchanged(stored.resource(), entry.resource)) {
                action = "unchanged";
            }
            int version = stored == null ? 1 : ("update".equals(action) ? stored.version() + 1 : stored.version());
            if ("create".equals(action) || "update".equals(action)) {
                put(entry.key, version, entry.resource);
            }
            response.addEntry().getResponse()
                    .setStatus("create".equals(action) ? "201 Created" : "200 OK")
                    .setLocation(entry.key + "/_history/" + version)
                    .setEtag("W/\"" + version + "\"");
            summary.add(entry.resource.fhirType() + ":" + identifiers(entry.resource).stream().map(Identifier::getValue).findFirst()
                    .orElse("?") + ":" + action);
        }
        nextId = provisionalId;
        transactionsProcessed.add(String.join(",", summary));
        return response;
    }

    private void resolve(Reference reference, String path, Map<String, String> fullUrlToKey, Set<String> inThisTransaction) {
        String ref = reference.getReference();
        if (ref == null || ref.startsWith("#")) {
            return;
        }
        if (ref.startsWith("urn:")) {
            String key = fullUrlToKey.get(ref);
            if (key == null) {
                throw refuse(400, "invalid", "HAPI-0541: Unable to satisfy placeholder ID " + ref + " found in element named '"
                        + path + "' within resource of type: " + path.substring(0, path.indexOf('.')));
            }
            reference.setReference(key);
            return;
        }
        if (ref.contains("?")) {
            String type = ref.substring(0, ref.indexOf('?'));
            List<String> matches = search(type, ref.substring(ref.indexOf('?') + 1));
            if (matches.size() != 1) {
                throw matches.isEmpty()
                        ? refuse(404, "not-found", "HAPI-1091: Invalid match URL \"" + ref + "\" - No resources match this search")
                        : refuse(412, "multiple-matches", "HAPI-2207: Invalid match URL \"" + ref + "\" - Multiple resources match this search");
            }
            reference.setReference(matches.get(0));
            return;
        }
        String relative = ref;
        if (ref.startsWith("http://") || ref.startsWith("https://")) {
            if (!ref.startsWith(baseUrl() + "/")) {
                throw refuse(400, "invalid", "HAPI-0507: Resource contains external reference to URL \"" + ref
                        + "\" but this server is not configured to allow external references");
            }
            relative = ref.substring(baseUrl().length() + 1);
        }
        String key = relative.replaceFirst("/_history/.*$", "");
        if (!store.containsKey(key) && !inThisTransaction.contains(key)) {
            throw refuse(400, "processing", "HAPI-1094: Resource " + key + " not found, specified in path: " + path);
        }
        reference.setReference(key);
    }

    /** Calls {@code visit} with each Reference under the element and its path ({@code CarePlan.activity.reference}). */
    private static void references(Base element, String path, java.util.function.BiConsumer<Reference, String> visit) {
        for (Property property : element.children()) {
            for (Base value : property.getValues()) {
                String childPath = path + "." + property.getName();
                if (value instanceof Reference reference) {
                    visit.accept(reference, childPath);
                }
                references(value, childPath, visit);
            }
        }
    }

    /** Same content, meta aside: HAPI then keeps the version (no new history entry). */
    private boolean unchanged(Resource before, Resource after) {
        Resource a = before.copy();
        Resource b = after.copy();
        a.setMeta(null);
        b.setMeta(null);
        return fhir.newJsonParser().encodeResourceToString(a).equals(fhir.newJsonParser().encodeResourceToString(b));
    }

    private void put(String key, int version, Resource resource) {
        Stored previous = store.get(key);
        if (previous != null) {
            identifiers(previous.resource()).forEach(i -> byIdentifier.getOrDefault(identifierKey(previous.type(), i), new HashSet<>())
                    .remove(key));
        }
        resource.setId(key);
        resource.getMeta().setVersionId(String.valueOf(version));
        String type = resource.fhirType();
        store.put(key, new Stored(type, key.substring(type.length() + 1), version, resource));
        for (Identifier identifier : identifiers(resource)) {
            byIdentifier.computeIfAbsent(identifierKey(type, identifier), k -> new java.util.LinkedHashSet<>()).add(key);
        }
    }

    private static String identifierKey(String type, Identifier identifier) {
        return type + "|" + identifier.getSystem() + "|" + identifier.getValue();
    }

    /** {@code identifier=system|value} (URL-encoded parts) → the keys of the matches; other searches are refused. */
    private List<String> search(String type, String query) {
        if (!query.startsWith("identifier=") || query.contains("&") || !query.contains("|")) {
            throw refuse(400, "not-supported", "this test EHR searches only identifier=system|value, not " + query);
        }
        String token = query.substring("identifier=".length());
        int bar = token.indexOf('|');
        String system = URLDecoder.decode(token.substring(0, bar), StandardCharsets.UTF_8);
        String value = URLDecoder.decode(token.substring(bar + 1), StandardCharsets.UTF_8);
        return List.copyOf(byIdentifier.getOrDefault(type + "|" + system + "|" + value, Set.of()));
    }

    private List<Identifier> identifiers(Resource resource) {
        BaseRuntimeChildDefinition child = fhir.getResourceDefinition(resource).getChildByName("identifier");
        if (child == null) {
            return List.of();
        }
        return child.getAccessor().getValues(resource).stream().filter(Identifier.class::isInstance).map(Identifier.class::cast)
                .toList();
    }

    private Refused refuse(int code, String issueCode, String diagnostics) {
        return new Refused(reject(code, issueCode, diagnostics));
    }

    private Status reject(int code, String issueCode, String diagnostics) {
        return new Status(code, Map.of(), outcome(issueCode, diagnostics));
    }

    private String outcome(String code, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(code)).setDiagnostics(diagnostics);
        return fhir.newJsonParser().encodeResourceToString(outcome);
    }

    // ---------------------------------------------------------------- token endpoint

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), null, body));
            Map<String, String> form = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String problem = checkTokenRequest(form);
            if (problem != null) {
                assertionRejections.add(problem);
                send(exchange, problem.startsWith("unsupported") ? 400 : 401, "application/json",
                        "{\"error\":\"invalid_client\",\"error_description\":\"" + problem.replace('"', '\'') + "\"}");
                return;
            }
            String token = "tok-" + UUID.randomUUID();
            validTokens.add(token);
            send(exchange, 200, "application/json", """
                    {"access_token":"%s","token_type":"bearer","expires_in":%d,"scope":"%s"}"""
                    .formatted(token, expiresInSeconds, form.getOrDefault("scope", "")));
        }
    }

    private String checkTokenRequest(Map<String, String> form) {
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return "unsupported grant_type " + form.get("grant_type");
        }
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            return "unsupported client_assertion_type";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            JWSVerifier verifier;
            if (clientKey instanceof RSAPublicKey rsa && JWSAlgorithm.RS384.equals(alg)) {
                verifier = new RSASSAVerifier(rsa);
            } else if (clientKey instanceof ECPublicKey ec && JWSAlgorithm.ES384.equals(alg)) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return "algorithm " + alg + " does not fit the registered key";
            }
            if (!jwt.verify(verifier)) {
                return "bad signature";
            }
            if (!keyId.equals(jwt.getHeader().getKeyID())) {
                return "unknown kid " + jwt.getHeader().getKeyID();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
                return "iss/sub must both be the client id";
            }
            if (claims.getAudience() == null || !claims.getAudience().equals(List.of(tokenUrl()))) {
                return "aud must be the token endpoint URL, was " + claims.getAudience();
            }
            Date exp = claims.getExpirationTime();
            if (exp == null || !exp.after(new Date())) {
                return "assertion expired or without exp";
            }
            Date iat = claims.getIssueTime();
            if (iat != null && exp.getTime() - iat.getTime() > Duration.ofMinutes(5).toMillis()) {
                return "exp more than five minutes after iat";
            }
            String jti = claims.getJWTID();
            if (jti == null || !usedJti.add(jti)) {
                return "jti missing or reused";
            }
            assertionAlgorithms.add(alg.getName());
            return null;
        } catch (Exception e) {
            return "unreadable assertion: " + e.getMessage();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void stall(Duration duration) {
        try {
            stallRelease.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    IParser jsonParser() {
        return fhir.newJsonParser();
    }
}

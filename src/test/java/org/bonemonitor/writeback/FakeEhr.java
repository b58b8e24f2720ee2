package org.bonemonitor.writeback;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.util.FhirTerser;
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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A small in-memory FHIR R4 server on loopback that plays the EHR for the tests, over real HTTP
 * (the JDK's HttpServer): {@code POST /fhir} transactions honouring {@code ifNoneExist} and conditional
 * {@code PUT Type?identifier=}, {@code urn:uuid} and conditional references; bearer or SMART Backend
 * Services authorisation with a token endpoint that verifies the client assertion; and fault injection.
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
    private volatile boolean requireKnownPatients;

    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private final Map<String, Stored> store = new LinkedHashMap<>();
    private final Map<String, String> byIdentifier = new HashMap<>();
    private final Set<String> knownPatients = new HashSet<>();
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
        knownPatients.clear();
        faults.clear();
        requests.clear();
        transactionsProcessed.clear();
        requireKnownPatients = false;
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

    public void requireKnownPatients(boolean require) {
        requireKnownPatients = require;
    }

    public synchronized void registerPatient(String id) {
        knownPatients.add(id);
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

    /** Processes a transaction all-or-nothing: a Bundle (transaction-response) or a rejection Status. */
    private synchronized Object transaction(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            return reject(400, "invariant", "only transaction Bundles are accepted here");
        }
        // 1. decide the target of each entry
        Map<String, String> fullUrlToKey = new HashMap<>();
        List<String[]> plan = new ArrayList<>();
        int provisionalId = nextId;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String type = resource.fhirType();
            Bundle.HTTPVerb method = entry.getRequest().getMethod();
            String key;
            String action;
            if (method == Bundle.HTTPVerb.POST && entry.getRequest().getUrl().equals(type)) {
                Optional<String> existing = Optional.ofNullable(entry.getRequest().getIfNoneExist())
                        .map(q -> searchIdentifier(type, q));
                if (existing.isPresent() && existing.get() != null) {
                    key = existing.get();
                    action = "exists";
                } else {
                    key = type + "/" + (provisionalId++);
                    action = "create";
                }
            } else if (method == Bundle.HTTPVerb.PUT && entry.getRequest().getUrl().startsWith(type + "?")) {
                String found = searchIdentifier(type, entry.getRequest().getUrl().substring(type.length() + 1));
                key = found != null ? found : type + "/" + (provisionalId++);
                action = found != null ? "update" : "create";
            } else {
                return reject(400, "not-supported", "unsupported request " + method + " " + entry.getRequest().getUrl());
            }
            fullUrlToKey.put(entry.getFullUrl(), key);
            plan.add(new String[] {key, action});
        }
        // 2. resolve references and check them
        FhirTerser terser = fhir.newTerser();
        List<Resource> toWrite = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource copy = entry.getResource().copy();
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
                String ref = reference.getReference();
                if (ref == null) {
                    continue;
                }
                if (ref.startsWith("urn:uuid:")) {
                    String key = fullUrlToKey.get(ref);
                    if (key == null) {
                        return reject(400, "invalid", "unresolvable reference " + ref);
                    }
                    reference.setReference(key);
                } else if (ref.contains("?")) {
                    String type = ref.substring(0, ref.indexOf('?'));
                    String key = searchIdentifier(type, ref.substring(ref.indexOf('?') + 1));
                    if (key == null) {
                        return reject(412, "not-found", "conditional reference matches nothing: " + ref);
                    }
                    reference.setReference(key);
                } else if (ref.startsWith("Patient/") && requireKnownPatients
                        && !knownPatients.contains(ref.substring("Patient/".length()))) {
                    return reject(422, "processing", "Unknown patient reference " + ref);
                }
            }
            toWrite.add(copy);
        }
        // 3. apply
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            String key = plan.get(i)[0];
            String action = plan.get(i)[1];
            Resource resource = toWrite.get(i);
            String type = resource.fhirType();
            String id = key.substring(key.indexOf('/') + 1);
            Stored stored = store.get(key);
            int version = stored == null ? 1 : ("update".equals(action) ? stored.version() + 1 : stored.version());
            if (!"exists".equals(action)) {
                resource.setId(key);
                resource.getMeta().setVersionId(String.valueOf(version));
                store.put(key, new Stored(type, id, version, resource));
                for (Identifier identifier : identifiers(resource)) {
                    byIdentifier.put(type + "|" + identifier.getSystem() + "|" + identifier.getValue(), key);
                }
            }
            response.addEntry().getResponse()
                    .setStatus("create".equals(action) ? "201 Created" : "200 OK")
                    .setLocation(key + "/_history/" + version);
            summary.add(type + ":" + identifiers(resource).stream().map(Identifier::getValue).findFirst().orElse("?")
                    + ":" + action);
        }
        nextId = provisionalId;
        transactionsProcessed.add(String.join(",", summary));
        return response;
    }

    /** {@code identifier=system|value} (URL-encoded parts) → the key of the one match, or null. */
    private String searchIdentifier(String type, String query) {
        if (!query.startsWith("identifier=")) {
            return null;
        }
        String token = query.substring("identifier=".length());
        int bar = token.indexOf('|');
        String system = URLDecoder.decode(token.substring(0, bar), StandardCharsets.UTF_8);
        String value = URLDecoder.decode(token.substring(bar + 1), StandardCharsets.UTF_8);
        return byIdentifier.get(type + "|" + system + "|" + value);
    }

    private List<Identifier> identifiers(Resource resource) {
        return fhir.newTerser().getValues(resource, "identifier", Identifier.class);
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

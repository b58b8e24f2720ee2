package org.bonemonitor.bulk;

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
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FHIR Bulk Data server on loopback over real HTTP, as strict as the specification: kick-off at
 * {@code Patient/$export} (needs {@code Prefer: respond-async}, {@code Accept: application/fhir+json}
 * and a token), a status URL answering 202 with {@code Retry-After}/{@code X-Progress} a set number of
 * times and then the manifest, NDJSON files that need the token ({@code requiresAccessToken: true}),
 * {@code DELETE} of the export, and a SMART token endpoint verifying the RS384 client assertion.
 * Tests give it the files per type and queue faults per file.
 */
final class FakeBulkServer {

    /** One request as the server saw it. */
    record Seen(String method, String path, String query, String authorization, java.time.Instant at) { }

    /** A fault for the next download of a file. */
    sealed interface Fault permits Status, CutAfter { }

    /** Answer this status (e.g. 429 with a Retry-After, 500) instead of the file. */
    record Status(int code, String retryAfter) implements Fault { }

    /** Send this many lines, then break the connection (the announced length is never reached). */
    record CutAfter(int lines) implements Fault { }

    private final String clientId;
    private final String keyId;
    private final RSAPublicKey clientKey;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> usedJti = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, List<String>> files = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<String>> errorFiles = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Deque<Fault>> faults = Collections.synchronizedMap(new HashMap<>());
    private final Map<String, AtomicInteger> pollsLeft = Collections.synchronizedMap(new HashMap<>());
    private final Set<String> deleted = Collections.synchronizedSet(new HashSet<>());
    private volatile int pollsBeforeReady = 1;
    private volatile String transactionTime = "2026-05-31T22:00:00.000Z";

    FakeBulkServer(String clientId, String keyId, RSAPublicKey clientKey) {
        this.clientId = clientId;
        this.keyId = keyId;
        this.clientKey = clientKey;
    }

    FakeBulkServer start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        port = server.getAddress().getPort();
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/fhir/Patient/$export", this::kickOff);
        server.createContext("/status/", this::status);
        server.createContext("/files/", this::file);
        server.createContext("/open-files/", this::file);
        server.createContext("/manifest.json", this::pushedManifest);
        server.createContext("/auth/token", this::token);
        server.start();
        return this;
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    String tokenUrl() {
        return "http://127.0.0.1:" + port + "/auth/token";
    }

    // ------------------------------------------------------------ test controls

    synchronized void reset() {
        requests.clear();
        files.clear();
        errorFiles.clear();
        faults.clear();
        pollsLeft.clear();
        deleted.clear();
        pollsBeforeReady = 1;
        transactionTime = "2026-05-31T22:00:00.000Z";
    }

    /** The next export offers these NDJSON lines, one file per type (a type may be split: "Observation.2"). */
    void offer(String fileName, List<String> lines) {
        files.put(fileName, List.copyOf(lines));
    }

    void offerErrors(String fileName, List<String> outcomeLines) {
        errorFiles.put(fileName, List.copyOf(outcomeLines));
    }

    void fault(String fileName, Fault... next) {
        faults.computeIfAbsent(fileName, f -> new ArrayDeque<>()).addAll(List.of(next));
    }

    void pollsBeforeReady(int polls) {
        pollsBeforeReady = polls;
    }

    void transactionTime(String instant) {
        transactionTime = instant;
    }

    List<Seen> requests() {
        return List.copyOf(requests);
    }

    List<Seen> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    boolean deleted(String statusPath) {
        return deleted.contains(statusPath);
    }

    // ------------------------------------------------------------ endpoints

    private void kickOff(HttpExchange exchange) throws IOException {
        try (exchange) {
            seen(exchange);
            if (!authorized(exchange)) {
                outcome(exchange, 401, "security", "a valid bearer token is required");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                outcome(exchange, 405, "not-supported", "kick-off is GET here");
                return;
            }
            if (!"respond-async".equals(exchange.getRequestHeaders().getFirst("Prefer"))) {
                outcome(exchange, 400, "invalid", "Prefer: respond-async is required");
                return;
            }
            if (!"application/fhir+json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
                outcome(exchange, 400, "invalid", "Accept: application/fhir+json is required");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String format = query.get("_outputFormat");
            if (format != null && !Set.of("application/fhir+ndjson", "application/ndjson", "ndjson").contains(format)) {
                outcome(exchange, 400, "invalid", "unsupported _outputFormat " + format);
                return;
            }
            String job = UUID.randomUUID().toString();
            pollsLeft.put(job, new AtomicInteger(pollsBeforeReady));
            exchange.getResponseHeaders().set("Content-Location", "http://127.0.0.1:" + port + "/status/" + job);
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private void status(HttpExchange exchange) throws IOException {
        try (exchange) {
            seen(exchange);
            if (!authorized(exchange)) {
                outcome(exchange, 401, "security", "a valid bearer token is required");
                return;
            }
            String job = exchange.getRequestURI().getPath().substring("/status/".length());
            AtomicInteger left = pollsLeft.get(job);
            if (left == null || deleted.contains(exchange.getRequestURI().getPath())) {
                outcome(exchange, 404, "not-found", "no such export");
                return;
            }
            if ("DELETE".equals(exchange.getRequestMethod())) {
                deleted.add(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            if (left.getAndDecrement() > 0) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.getResponseHeaders().set("X-Progress", "exporting, " + (left.get() + 1) + " poll(s) to go");
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            StringBuilder manifest = new StringBuilder("{\"transactionTime\":\"" + transactionTime
                    + "\",\"request\":\"" + baseUrl() + "/Patient/$export\",\"requiresAccessToken\":true,\"output\":[");
            manifest.append(String.join(",", files.keySet().stream().map(f -> entry(f, files.get(f).size())).toList()));
            manifest.append("],\"error\":[");
            manifest.append(String.join(",", errorFiles.keySet().stream().map(f -> entry(f, errorFiles.get(f).size())).toList()));
            manifest.append("]}");
            send(exchange, 200, "application/json", manifest.toString());
        }
    }

    /** A manifest a site publishes itself (pushed to us by URL): files on open storage, no token wanted. */
    private void pushedManifest(HttpExchange exchange) throws IOException {
        try (exchange) {
            seen(exchange);
            String output = String.join(",", files.keySet().stream().map(f -> entry(f, files.get(f).size(), "/open-files/")).toList());
            send(exchange, 200, "application/json", "{\"transactionTime\":\"" + transactionTime
                    + "\",\"request\":\"" + baseUrl() + "/$export\",\"requiresAccessToken\":false,\"output\":[" + output + "],\"error\":[]}");
        }
    }

    String manifestUrl() {
        return "http://127.0.0.1:" + port + "/manifest.json";
    }

    private String entry(String fileName, int count) {
        return entry(fileName, count, "/files/");
    }

    private String entry(String fileName, int count, String path) {
        String type = fileName.contains(".") ? fileName.substring(0, fileName.indexOf('.')) : fileName;
        return "{\"type\":\"" + type + "\",\"url\":\"http://127.0.0.1:" + port + path + fileName + ".ndjson\",\"count\":" + count + "}";
    }

    private void file(HttpExchange exchange) throws IOException {
        try (exchange) {
            seen(exchange);
            boolean open = exchange.getRequestURI().getPath().startsWith("/open-files/");
            if (!open && !authorized(exchange)) {
                outcome(exchange, 401, "security", "a valid bearer token is required");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.indexOf('/', 1) + 1).replace(".ndjson", "");
            List<String> lines = files.containsKey(name) ? files.get(name) : errorFiles.get(name);
            if (lines == null) {
                outcome(exchange, 404, "not-found", "no such file");
                return;
            }
            Deque<Fault> queue = faults.get(name);
            Fault fault = queue == null ? null : queue.poll();
            byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            if (fault instanceof Status status) {
                if (status.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", status.retryAfter());
                }
                outcome(exchange, status.code(), "transient", "try again later");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/fhir+ndjson");
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            if (fault instanceof CutAfter cut) {
                out.write((String.join("\n", lines.subList(0, cut.lines())) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the handler fails mid-body: the JDK server drops the connection, short of Content-Length
                throw new IOException("connection cut after " + cut.lines() + " lines (test fault)");
            }
            out.write(body);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen(exchange);
            Map<String, String> form = query(body);
            String problem = checkAssertion(form);
            if (problem != null) {
                send(exchange, 401, "application/json", "{\"error\":\"invalid_client\",\"error_description\":\"" + problem + "\"}");
                return;
            }
            String token = "bulk-" + UUID.randomUUID();
            tokens.add(token);
            send(exchange, 200, "application/json", "{\"access_token\":\"" + token
                    + "\",\"token_type\":\"bearer\",\"expires_in\":300,\"scope\":\"" + form.get("scope") + "\"}");
        }
    }

    private String checkAssertion(Map<String, String> form) {
        if (!"client_credentials".equals(form.get("grant_type"))
                || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            return "unsupported grant";
        }
        if (form.get("scope") == null || !form.get("scope").contains("system/") || !form.get("scope").contains(".read")) {
            return "a system read scope is needed";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            if (!jwt.verify(new RSASSAVerifier(clientKey)) || !keyId.equals(jwt.getHeader().getKeyID())) {
                return "bad signature or kid";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())
                    || !List.of(tokenUrl()).equals(claims.getAudience())
                    || claims.getExpirationTime() == null || !claims.getExpirationTime().after(new Date())
                    || claims.getJWTID() == null || !usedJti.add(claims.getJWTID())) {
                return "iss, sub, aud, exp or jti wrong";
            }
            return null;
        } catch (Exception e) {
            return "unreadable assertion";
        }
    }

    // ------------------------------------------------------------ helpers

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") && tokens.contains(header.substring(7));
    }

    private void seen(HttpExchange exchange) {
        requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"), java.time.Instant.now()));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.merge(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8), (a, b) -> a + "," + b);
            }
        }
        return values;
    }

    private static void outcome(HttpExchange exchange, int status, String code, String text) throws IOException {
        send(exchange, status, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                + code + "\",\"diagnostics\":\"" + text + "\"}]}");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package org.bonemonitor.cdshooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The outside parties of the CDS Hooks tests, on loopback: the EHR's JWKS endpoint and the EHR's FHIR
 * server (searchset Bundles, bearer token checked; {@code /slow-fhir} answers after the budget).
 * Keys (and the path of the request log file) are shared through system properties: Quarkus loads
 * test classes in another class loader than this resource.
 */
@QuarkusTestResource(CdsTestServers.class)
public class CdsTestServers implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://ehr.test.example";
    static final String INLINE_ISSUER = "https://inline.test.example";
    static final String RSA_KID = "ehr-rsa-1";
    static final String EC_KID = "ehr-ec-1";
    static final String INLINE_KID = "inline-ec-1";
    static final String FHIR_TOKEN = "fhir-access-token-123";
    static final String PRIVATE_KEYS = "bone-monitor.test.cds.private-jwks";
    static final String FHIR_LOG = "bone-monitor.test.cds.fhir-log";
    static final String FHIR_BASE = "bone-monitor.test.cds.fhir-base";
    /** Patient ids the test FHIR server knows: on letrozole for 30 days, no DXA, no labs. */
    static final String FALLBACK_PATIENT = "fallback-1";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID(RSA_KID).generate();
            ECKey ec = new ECKeyGenerator(Curve.P_384).keyID(EC_KID).generate();
            ECKey inline = new ECKeyGenerator(Curve.P_384).keyID(INLINE_KID).generate();
            System.setProperty(PRIVATE_KEYS, new JWKSet(List.of(rsa, ec, inline)).toString(false));
            String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
            java.nio.file.Path log = java.nio.file.Files.createTempFile("cds-fhir-log", ".txt");
            log.toFile().deleteOnExit();
            System.setProperty(FHIR_LOG, log.toString());

            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/jwks.json", ex -> send(ex, 200, "application/json", jwks));
            server.createContext("/fhir/", ex -> fhir(ex, log, false));
            server.createContext("/slow-fhir/", ex -> fhir(ex, log, true));
            server.start();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            System.setProperty(FHIR_BASE, base);
            return Map.of(
                    "bone-monitor.cds-hooks.issuers[0].iss", ISSUER,
                    "bone-monitor.cds-hooks.issuers[0].jwks-url", base + "/jwks.json",
                    "bone-monitor.cds-hooks.issuers[1].iss", INLINE_ISSUER,
                    "bone-monitor.cds-hooks.issuers[1].jwks", new JWKSet(inline.toPublicJWK()).toString());
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void fhir(HttpExchange ex, java.nio.file.Path log, boolean slow) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        synchronized (CdsTestServers.class) {
            java.nio.file.Files.writeString(log, ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " auth="
                    + (auth == null ? "none" : auth) + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        if (slow) {
            try {
                Thread.sleep(4000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!("Bearer " + FHIR_TOKEN).equals(auth)) {
            send(ex, 401, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\"}]}");
            return;
        }
        String type = path.substring(path.indexOf('/', 1) + 1);
        String patient = query == null ? "" : java.net.URLDecoder.decode(query, StandardCharsets.UTF_8);
        if (type.startsWith("Patient/")) {
            String id = type.substring("Patient/".length());
            if (!id.equals(FALLBACK_PATIENT)) {
                send(ex, 404, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}");
                return;
            }
            send(ex, 200, "application/fhir+json", "{\"resourceType\":\"Patient\",\"id\":\"" + id
                    + "\",\"gender\":\"female\",\"birthDate\":\"1962-03-04\"}");
            return;
        }
        String entries = "";
        if (type.equals("MedicationStatement") && patient.contains("patient=" + FALLBACK_PATIENT)) {
            entries = "{\"fullUrl\":\"" + "http://fhir.test/MedicationStatement/ms-1\",\"resource\":{\"resourceType\":\"MedicationStatement\","
                    + "\"id\":\"ms-1\",\"status\":\"active\",\"medicationCodeableConcept\":{\"coding\":[{\"system\":"
                    + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"200064\",\"display\":\"letrozole 2.5 MG Oral Tablet\"}]},"
                    + "\"subject\":{\"reference\":\"Patient/" + FALLBACK_PATIENT + "\"},\"effectivePeriod\":{\"start\":\""
                    + "2026-05-02" + "\"}},\"search\":{\"mode\":\"match\"}}";
        }
        send(ex, 200, "application/fhir+json", "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":"
                + (entries.isEmpty() ? 0 : 1) + (entries.isEmpty() ? "" : ",\"entry\":[" + entries + "]") + "}");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package org.bonemonitor.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The identity provider of the access-control tests, on loopback: it publishes the public half of a key
 * generated here at {@code /certs} (as Keycloak does), and the tests sign tokens with the private half
 * (shared through a system property: Quarkus loads the test classes in another class loader). With it the
 * profile is production-like: authentication on, a CORS allow-list.
 */
public class TestIdp implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://idp.test.example/realms/hospital";
    static final String AUDIENCE = "bone-monitor";
    static final String KID = "idp-rsa-1";
    static final String PRIVATE_KEY = "bone-monitor.test.idp.private-jwk";
    /** The one browser origin allowed in this (production-like) profile. */
    static final String APP_ORIGIN = "https://ehr-app.example.org";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(KID).generate();
            System.setProperty(PRIVATE_KEY, key.toJSONString());
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/certs", ex -> {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return Map.of(
                    "bone-monitor.auth.enabled", "true",
                    "bone-monitor.cors.origins", APP_ORIGIN,
                    "bone-monitor.auth.audience", AUDIENCE,
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.publickey.location", "http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
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
}

package org.bonemonitor.writeback;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link FakeEhr} on loopback for a test profile and points the write-back at it.
 * Init arg {@code auth}: {@code none}, {@code bearer}, {@code smart-rs384} (PEM key inline, token
 * endpoint discovered from .well-known) or {@code smart-es384} (JWK in a file, token endpoint configured).
 * Inject the server into a test with a field of type {@link FakeEhr}.
 */
public class FakeEhrResource implements QuarkusTestResourceLifecycleManager {

    static final String BEARER_TOKEN = "static-test-token-123";
    static final String CLIENT_ID = "bone-monitor-test-client";
    static final String KEY_ID = "bone-monitor-test-key-1";

    private String mode = "none";
    private FakeEhr ehr;

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("auth", "none");
    }

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> config = new HashMap<>();
            config.put("bone-monitor.writeback.enabled", "true");
            // the tests drive the relay themselves (runOnce), with short timeouts and backoff
            config.put("bone-monitor.writeback.poll-interval", "1h");
            config.put("bone-monitor.writeback.connect-timeout", "1s");
            // room for the EHR's validation of each received resource (~0.1 s each, more on a busy machine)
            config.put("bone-monitor.writeback.request-timeout", "5s");
            config.put("bone-monitor.writeback.backoff-base", "1s");
            config.put("bone-monitor.writeback.backoff-cap", "30s");
            config.put("bone-monitor.writeback.max-attempts", "6");
            config.put("bone-monitor.writeback.batch-size", "500");
            switch (mode) {
                case "none" -> {
                    ehr = new FakeEhr(FakeEhr.Auth.NONE, null, null, null, null).start();
                    config.put("bone-monitor.writeback.auth-mode", "none");
                }
                case "bearer" -> {
                    ehr = new FakeEhr(FakeEhr.Auth.BEARER, BEARER_TOKEN, null, null, null).start();
                    config.put("bone-monitor.writeback.auth-mode", "bearer");
                    config.put("bone-monitor.writeback.bearer-token", BEARER_TOKEN);
                }
                case "smart-rs384" -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                    KeyPair keys = generator.generateKeyPair();
                    ehr = new FakeEhr(FakeEhr.Auth.SMART, null, CLIENT_ID, KEY_ID, keys.getPublic()).start();
                    config.put("bone-monitor.writeback.auth-mode", "smart-backend");
                    config.put("bone-monitor.writeback.smart.client-id", CLIENT_ID);
                    config.put("bone-monitor.writeback.smart.key-id", KEY_ID);
                    config.put("bone-monitor.writeback.smart.private-key", pem(keys.getPrivate().getEncoded()));
                }
                case "smart-es384" -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp384r1"));
                    KeyPair keys = generator.generateKeyPair();
                    ehr = new FakeEhr(FakeEhr.Auth.SMART, null, CLIENT_ID, KEY_ID, keys.getPublic()).start();
                    String jwk = new ECKey.Builder(Curve.P_384, (ECPublicKey) keys.getPublic())
                            .privateKey((ECPrivateKey) keys.getPrivate()).keyID(KEY_ID).build().toJSONString();
                    Path file = Files.createTempFile("bone-monitor-smart-key", ".jwk.json");
                    file.toFile().deleteOnExit();
                    Files.writeString(file, jwk);
                    config.put("bone-monitor.writeback.auth-mode", "smart-backend");
                    config.put("bone-monitor.writeback.smart.client-id", CLIENT_ID);
                    config.put("bone-monitor.writeback.smart.key-id", KEY_ID);
                    config.put("bone-monitor.writeback.smart.private-key-file", file.toString());
                    config.put("bone-monitor.writeback.smart.token-endpoint", ehr.tokenUrl());
                }
                default -> throw new IllegalArgumentException("unknown auth mode " + mode);
            }
            config.put("bone-monitor.writeback.ehr-base-url", ehr.baseUrl());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(ehr, new TestInjector.MatchesType(FakeEhr.class));
    }

    @Override
    public void stop() {
        if (ehr != null) {
            ehr.stop();
        }
    }
}

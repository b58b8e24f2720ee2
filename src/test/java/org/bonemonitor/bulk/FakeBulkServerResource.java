package org.bonemonitor.bulk;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link FakeBulkServer} on loopback and points the back-fill at it: SMART Backend Services
 * with an RS384 key, small batches, short poll and retry delays (the tests drive the worker).
 */
public class FakeBulkServerResource implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "bone-monitor-bulk-client";
    static final String KEY_ID = "bone-monitor-bulk-key-1";

    private FakeBulkServer server;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            server = new FakeBulkServer(CLIENT_ID, KEY_ID, (RSAPublicKey) keys.getPublic()).start();
            Map<String, String> config = new HashMap<>();
            config.put("bone-monitor.bulk.enabled", "true");
            config.put("bone-monitor.bulk.ehr-base-url", server.baseUrl());
            config.put("bone-monitor.bulk.auth-mode", "smart-backend");
            config.put("bone-monitor.bulk.smart.client-id", CLIENT_ID);
            config.put("bone-monitor.bulk.smart.key-id", KEY_ID);
            config.put("bone-monitor.bulk.smart.private-key", "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            config.put("bone-monitor.bulk.smart.token-endpoint", server.tokenUrl());
            config.put("bone-monitor.bulk.manifest-url-prefixes", server.manifestUrl());
            config.put("bone-monitor.bulk.batch-size", "7");
            config.put("bone-monitor.bulk.min-poll-delay", "100ms");
            config.put("bone-monitor.bulk.max-poll-delay", "3s");
            config.put("bone-monitor.bulk.backoff-base", "200ms");
            config.put("bone-monitor.bulk.backoff-cap", "1s");
            config.put("bone-monitor.bulk.max-attempts", "4");
            config.put("bone-monitor.bulk.connect-timeout", "1s");
            config.put("bone-monitor.bulk.request-timeout", "5s");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(FakeBulkServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}

package org.bonemonitor.writeback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Write-back to the EHR's FHIR server, under {@code bone-monitor.writeback.*}. Every key can be set from
 * the environment the standard way ({@code bone-monitor.writeback.ehr-base-url} ←
 * {@code BONE_MONITOR_WRITEBACK_EHR_BASE_URL}). URLs and secrets have no defaults: when write-back is
 * enabled and one that the chosen auth mode needs is missing, start-up fails naming it
 * ({@link #problems()}). See docs/writeback.md.
 */
@ConfigMapping(prefix = "bone-monitor.writeback")
public interface WritebackConfig {

    /** Deliver plans to the EHR. Off by default; while off, nothing is enqueued. */
    @WithDefault("false")
    boolean enabled();

    /** The EHR's FHIR R4 base URL, e.g. {@code https://ehr.example.org/fhir}. No default. */
    Optional<URI> ehrBaseUrl();

    /** How requests to the EHR are authorised. */
    @WithDefault("none")
    AuthMode authMode();

    /** The static token for {@code auth-mode=bearer}; from the environment or a Kubernetes Secret only. */
    Optional<String> bearerToken();

    /** SMART Backend Services settings, for {@code auth-mode=smart-backend}. */
    Smart smart();

    /** How often the relay looks for due rows (Quarkus duration: {@code 5s}, {@code PT5S}). */
    @WithDefault("5s")
    Duration pollInterval();

    /** TCP connect timeout towards the EHR and its token endpoint. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed for one request (the whole response) to the EHR or its token endpoint. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Most rows one relay run delivers before it yields to the next poll. */
    @WithDefault("100")
    int batchSize();

    /**
     * Deliveries one replica runs in parallel (threads, each holding a database connection while its
     * request is in flight). Per-patient order holds at any value: a patient's next row is only claimable
     * once the row before it is sent.
     */
    @WithDefault("4")
    int workers();

    /** Delivered rows are deleted this long after delivery (dead and pending rows are kept). */
    @WithDefault("30d")
    Duration sentRetention();

    /** Attempts before a row is given up ({@code DEAD}). */
    @WithDefault("12")
    int maxAttempts();

    /** First retry delay; doubled per attempt, with jitter. */
    @WithDefault("2s")
    Duration backoffBase();

    /** Upper bound of the retry delay (a {@code Retry-After} from the EHR is honoured as sent). */
    @WithDefault("15m")
    Duration backoffCap();

    /** Written in configuration as {@code none}, {@code bearer}, {@code smart-backend}. */
    enum AuthMode {
        /** No Authorization header (an EHR reachable only on a trusted network, tests). */
        NONE,
        /** {@code Authorization: Bearer <bearer-token>}, a static token. */
        BEARER,
        /** SMART Backend Services: client_credentials grant with a private_key_jwt client assertion. */
        SMART_BACKEND;
    }

    interface Smart {
        /** The client id registered at the EHR's authorisation server; used as {@code iss} and {@code sub}. */
        Optional<String> clientId();

        /** Token endpoint; when absent it is read from {@code <ehr-base-url>/.well-known/smart-configuration}. */
        Optional<URI> tokenEndpoint();

        /** The signing key: PEM (PKCS#8 {@code PRIVATE KEY}) or a private JWK (JSON). Secret: environment only. */
        Optional<String> privateKey();

        /** Alternatively, a file holding that PEM or JWK (e.g. a mounted Kubernetes Secret). */
        Optional<String> privateKeyFile();

        /** The {@code kid} under which the EHR knows our public key (our JWKS). */
        @WithName("key-id")
        Optional<String> keyId();

        /** {@code RS384} or {@code ES384}; by default chosen from the key type (RSA → RS384, EC P-384 → ES384). */
        Optional<String> algorithm();

        /** Scopes requested. */
        @WithDefault("system/CarePlan.write system/ServiceRequest.write")
        String scope();

        /** A token is renewed this long before its {@code expires_in} runs out. */
        @WithDefault("60s")
        Duration tokenRefreshMargin();
    }

    /**
     * What is missing or inconsistent for the configured auth mode, each naming the key and its
     * environment variable; empty when write-back is disabled or fully configured.
     */
    default List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        if (ehrBaseUrl().isEmpty()) {
            problems.add(missing("ehr-base-url"));
        } else if (!isHttpUrl(ehrBaseUrl().get())) {
            problems.add(key("ehr-base-url") + " must be an absolute http(s) URL");
        }
        switch (authMode()) {
            case BEARER -> {
                if (bearerToken().filter(t -> !t.isBlank()).isEmpty()) {
                    problems.add(missing("bearer-token") + " (auth-mode=bearer)");
                }
            }
            case SMART_BACKEND -> {
                if (smart().clientId().filter(t -> !t.isBlank()).isEmpty()) {
                    problems.add(missing("smart.client-id") + " (auth-mode=smart-backend)");
                }
                if (smart().keyId().filter(t -> !t.isBlank()).isEmpty()) {
                    problems.add(missing("smart.key-id") + " (auth-mode=smart-backend)");
                }
                if (smart().privateKey().isEmpty() && smart().privateKeyFile().isEmpty()) {
                    problems.add(missing("smart.private-key") + " or " + missing("smart.private-key-file")
                            + " (auth-mode=smart-backend)");
                }
                smart().tokenEndpoint().filter(u -> !isHttpUrl(u)).ifPresent(
                        u -> problems.add(key("smart.token-endpoint") + " must be an absolute http(s) URL"));
                smart().algorithm().filter(a -> !a.equals("RS384") && !a.equals("ES384")).ifPresent(
                        a -> problems.add(key("smart.algorithm") + " must be RS384 or ES384"));
            }
            case NONE -> { }
        }
        if (batchSize() < 1) {
            problems.add(key("batch-size") + " must be at least 1");
        }
        if (workers() < 1 || workers() > 64) {
            problems.add(key("workers") + " must be from 1 to 64");
        }
        if (maxAttempts() < 1) {
            problems.add(key("max-attempts") + " must be at least 1");
        }
        if (backoffBase().isNegative() || backoffCap().compareTo(backoffBase()) < 0) {
            problems.add(key("backoff-cap") + " must not be below " + key("backoff-base"));
        }
        return problems;
    }

    private static boolean isHttpUrl(URI uri) {
        return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && uri.getHost() != null;
    }

    private static String key(String suffix) {
        return "bone-monitor.writeback." + suffix;
    }

    private static String missing(String suffix) {
        String key = key(suffix);
        return key + " (" + key.toUpperCase().replaceAll("[^A-Z0-9]", "_") + ") is not set";
    }
}

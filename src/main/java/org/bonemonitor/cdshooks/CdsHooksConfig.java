package org.bonemonitor.cdshooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** CDS Hooks settings, under {@code bone-monitor.cds-hooks}. */
@ConfigMapping(prefix = "bone-monitor.cds-hooks")
public interface CdsHooksConfig {

    /** Overall time budget of one hook call; past it the service answers with what it has. */
    @WithDefault("2s")
    Duration budget();

    /** Timeout of one query to the EHR's FHIR server (the fallback for absent prefetch keys), within the budget. */
    @WithDefault("1500ms")
    Duration fhirTimeout();

    /** Where the card's {@code source.url} points: the rule set the cards apply. */
    @WithDefault("https://bone-monitor.org/fhir/PlanDefinition/aibl-2017")
    String rulesUrl();

    Auth auth();

    /**
     * Whether a hook request's {@code fhirServer} may be plain http on a loopback address. Only local
     * development and the tests turn this on; elsewhere fhirServer must be https and not loopback.
     */
    @WithDefault("false")
    boolean allowLoopbackFhirServer();

    /** CDS clients (EHRs) allowed to call: their JWT {@code iss} and where their public keys are. */
    Optional<List<Issuer>> issuers();

    interface Auth {
        /** Verify the CDS client's JWT on every call. Only the dev profile may turn this off. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The service's public base URL (e.g. {@code https://bone.example.org}), used to compute the expected
         * {@code aud} behind a proxy. Without it, the URL of the request as received.
         */
        Optional<URI> publicBaseUrl();

        /** Tolerance for clock differences when checking {@code exp}, {@code iat} and {@code nbf}. */
        @WithDefault("30s")
        Duration clockSkew();

        /** Longest accepted token life ({@code exp} − now); the spec asks for at most 5 minutes. */
        @WithDefault("5m")
        Duration maxLifetime();

        /** How long a fetched JWKS is cached; an unknown {@code kid} refetches it at most once a minute. */
        @WithDefault("10m")
        Duration jwksCacheTtl();
    }

    interface Issuer {
        /** The exact {@code iss} claim. */
        String iss();

        /** The issuer's JWKS URL (fetched and cached). A token's {@code jku}, when present, must equal it. */
        Optional<URI> jwksUrl();

        /** Or the JWKS itself, inline JSON (for clients whose JWKS URL is unreachable, e.g. the public sandbox). */
        Optional<String> jwks();

        /** If set, the only FHIR base URLs (and URLs under them) this client may name as {@code fhirServer}. */
        Optional<List<String>> fhirServers();
    }
}

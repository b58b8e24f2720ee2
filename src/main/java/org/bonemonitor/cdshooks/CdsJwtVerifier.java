package org.bonemonitor.cdshooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.MalformedURLException;
import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bonemonitor.platform.CorrelationId;
import org.bonemonitor.platform.Profiles;
import org.bonemonitor.security.Caller;
import org.bonemonitor.security.CurrentCaller;
import org.bonemonitor.security.SmartScopes;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Verifies the CDS client's JWT (CDS Hooks 2.0 "Trusting CDS Clients") before every CDS Hooks endpoint
 * ({@link CdsClientAuthenticated}): {@code iss} on the allow-list, the key chosen by {@code kid} from that
 * issuer's JWKS (Nimbus {@link JWKSourceBuilder}: cached, refetched on an unknown kid, rate-limited),
 * {@code alg} RS384 or ES384, {@code aud} the exact URL called, {@code exp}/{@code iat} sane,
 * {@code jti} never seen before. Epic's {@code sub} and {@code nbf} are accepted (nbf is honoured), not
 * required. Any failure is a 401 with no detail; the reason is logged, never the token.
 */
@ApplicationScoped
public class CdsJwtVerifier {

    private static final Logger LOG = Logger.getLogger(CdsJwtVerifier.class);
    /** The CDS Hooks spec recommends ES384 and RS384; nothing else (never none, never HMAC) is accepted. */
    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);
    private static final int FETCH_TIMEOUT_MS = 3000;

    /** Why a token was refused: the label of {@code bonemonitor_cds_jwt_rejections_total{reason}}. */
    enum Rejection {
        NO_TOKEN, MALFORMED, ISSUER, JKU, KID, SIGNATURE, CLAIMS, AUDIENCE, LIFETIME, IAT, JTI, REPLAY;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Inject
    CdsHooksConfig config;
    @Inject
    ReplayGuard replays;
    @Inject
    CurrentCaller callers;
    @Inject
    MeterRegistry registry;

    private record Trusted(CdsHooksConfig.Issuer issuer, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private volatile Map<String, Trusted> issuers;

    void onStart(@Observes StartupEvent event) {
        issuers();
        if (!config.auth().enabled()) {
            Profiles.requireAuthOutsideDev("bone-monitor.cds-hooks.auth.enabled");
            LOG.warn("*** CDS Hooks JWT verification is OFF (bone-monitor.cds-hooks.auth.enabled=false): any caller is trusted. "
                    + "Never run like this outside local development. ***");
        } else if (issuers().isEmpty()) {
            LOG.warn("CDS Hooks JWT verification is on but no issuer is configured (bone-monitor.cds-hooks.issuers): "
                    + "every CDS Hooks call will be refused with 401");
        }
    }

    private Map<String, Trusted> issuers() {
        Map<String, Trusted> map = issuers;
        if (map == null) {
            map = config.issuers().orElse(List.of()).stream().map(this::trusted)
                    .collect(Collectors.toUnmodifiableMap(t -> t.issuer().iss(), Function.identity(), (a, b) -> a));
            issuers = map;
        }
        return map;
    }

    /** One processor per issuer: its key source, the accepted algorithms, the claims every token must have. */
    private Trusted trusted(CdsHooksConfig.Issuer issuer) {
        if (issuer.jwks().isEmpty() == issuer.jwksUrl().isEmpty()) {
            throw new IllegalStateException("bone-monitor.cds-hooks.issuers: " + issuer.iss() + " needs exactly one of jwks-url and jwks");
        }
        JWKSource<SecurityContext> keys;
        if (issuer.jwks().isPresent()) {
            try {
                keys = new ImmutableJWKSet<>(JWKSet.parse(issuer.jwks().get()).toPublicJWKSet());
            } catch (ParseException e) {
                throw new IllegalStateException("bone-monitor.cds-hooks.issuers: the inline JWKS of " + issuer.iss() + " is not a JWKS", e);
            }
        } else {
            try {
                // only the configured URL is ever fetched (never a token's jku); an unknown kid refetches, at most once a minute
                keys = JWKSourceBuilder.<SecurityContext>create(issuer.jwksUrl().get().toURL(),
                                new DefaultResourceRetriever(FETCH_TIMEOUT_MS, FETCH_TIMEOUT_MS, 512 * 1024))
                        .cache(config.auth().jwksCacheTtl().toMillis(), FETCH_TIMEOUT_MS)
                        .rateLimited(Duration.ofMinutes(1).toMillis())
                        .outageTolerant(config.auth().jwksCacheTtl().toMillis() * 6)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("bone-monitor.cds-hooks.issuers: the jwks-url of " + issuer.iss() + " is not a URL", e);
            }
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSVerifierFactory(new FastEcVerifiers());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer.iss()).build(), Set.of("aud", "exp", "iat", "jti"));
        claims.setMaxClockSkew((int) config.auth().clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return new Trusted(issuer, processor);
    }

    /**
     * ES384 signatures checked with Bouncy Castle (not registered as a JCA provider, only handed to the
     * verifier): JDK 17's SunEC takes ~2.3 ms per P-384 verification, more than the whole CDS answer,
     * Bouncy Castle ~0.7 ms. RSA stays with the JDK.
     */
    private static final class FastEcVerifiers extends DefaultJWSVerifierFactory {
        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            JWSVerifier verifier = super.createJWSVerifier(header, key);
            if (verifier instanceof ECDSAVerifier) {
                verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            }
            return verifier;
        }
    }

    @ServerRequestFilter
    @CdsClientAuthenticated
    public void authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        if (!config.auth().enabled()) {
            callers.set(Caller.unauthenticated(address, CorrelationId.of(request)));
            return;
        }
        JWTClaimsSet claims;
        try {
            claims = verify(request.getHeaderString("Authorization"), audience(request));
        } catch (CdsException e) {
            Counter.builder("bonemonitor.cds.jwt.rejections").description("CDS Hooks calls refused for their JWT, by reason")
                    .tag("reason", e.rejection()).register(registry).increment();
            throw e;
        }
        callers.set(new Caller(claims.getSubject(), claims.getIssuer(), SmartScopes.parse(null), address, true, CorrelationId.of(request)));
    }

    /** The exact URL called: as received, or under the configured public base URL behind a proxy. */
    private String audience(ContainerRequestContext request) {
        var uri = request.getUriInfo();
        return config.auth().publicBaseUrl()
                .map(base -> base.toString().replaceAll("/+$", "") + uri.getAbsolutePath().getRawPath())
                .orElseGet(() -> uri.getAbsolutePath().toString());
    }

    /**
     * @param authorization the Authorization header (may be null)
     * @param audience      the exact URL the client called
     * @return the verified claims
     */
    JWTClaimsSet verify(String authorization, String audience) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CdsException.unauthorized(Rejection.NO_TOKEN, "no bearer token");
        }
        SignedJWT jwt;
        String iss;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).trim());
            iss = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw CdsException.unauthorized(Rejection.MALFORMED, "not a signed JWT");
        }
        Trusted trusted = iss == null ? null : issuers().get(iss);
        if (trusted == null) {
            throw CdsException.unauthorized(Rejection.ISSUER, "issuer not on the allow-list");
        }
        var jku = jwt.getHeader().getJWKURL();
        if (jku != null && trusted.issuer().jwksUrl().isPresent() && !jku.equals(trusted.issuer().jwksUrl().get())) {
            throw CdsException.unauthorized(Rejection.JKU, "jku does not match the configured JWKS URL of " + iss);
        }
        if (jwt.getHeader().getKeyID() == null || jwt.getHeader().getKeyID().isBlank()) {
            throw CdsException.unauthorized(Rejection.KID, "no kid");
        }
        JWTClaimsSet claims;
        try {
            claims = trusted.processor().process(jwt, null);
        } catch (BadJWTException e) {
            throw CdsException.unauthorized(Rejection.CLAIMS, "claims not accepted (" + iss + "): " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            throw CdsException.unauthorized(Rejection.SIGNATURE, "not accepted (" + iss + "): " + e.getMessage());
        }
        checkClaims(claims, audience);
        if (!replays.firstUse(iss, claims.getJWTID(), claims.getExpirationTime().toInstant())) {
            throw CdsException.unauthorized(Rejection.REPLAY, "replayed jti (" + iss + ")");
        }
        return claims;
    }

    /** What the CDS Hooks spec adds to the processor's checks: the exact audience, a short life, a sane iat. */
    private void checkClaims(JWTClaimsSet claims, String audience) {
        if (!claims.getAudience().contains(audience)) {
            throw CdsException.unauthorized(Rejection.AUDIENCE, "aud is not the URL called");
        }
        Instant now = Instant.now();
        Duration skew = config.auth().clockSkew();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp.toInstant().isAfter(now.plus(config.auth().maxLifetime()).plus(skew))) {
            throw CdsException.unauthorized(Rejection.LIFETIME, "exp too far in the future");
        }
        if (iat.toInstant().isAfter(now.plus(skew)) || !iat.toInstant().isBefore(exp.toInstant())) {
            throw CdsException.unauthorized(Rejection.IAT, "iat in the future or not before exp");
        }
        String jti = claims.getJWTID();
        if (jti.isBlank() || jti.length() > 256) {
            throw CdsException.unauthorized(Rejection.JTI, "jti missing");
        }
    }
}

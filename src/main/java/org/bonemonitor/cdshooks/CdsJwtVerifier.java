package org.bonemonitor.cdshooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Verifies the CDS client's JWT (CDS Hooks 2.0 "Trusting CDS Clients"): {@code iss} on the allow-list,
 * the key chosen by {@code kid} from that issuer's JWKS, {@code alg} RS384 or ES384, {@code aud} the exact
 * URL called, {@code exp}/{@code iat} sane, {@code jti} never seen before. Epic's {@code sub} and
 * {@code nbf} are accepted (nbf is honoured), not required. Any failure is a 401 with no detail; the
 * reason is logged, never the token.
 */
@ApplicationScoped
public class CdsJwtVerifier {

    private static final Logger LOG = Logger.getLogger(CdsJwtVerifier.class);
    /** The CDS Hooks spec recommends ES384 and RS384; nothing else (never none, never HMAC) is accepted. */
    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

    @Inject
    CdsHooksConfig config;

    @Inject
    JwksKeys keys;

    @Inject
    ReplayGuard replays;

    private volatile Map<String, CdsHooksConfig.Issuer> issuers;

    void onStart(@Observes StartupEvent event) {
        for (CdsHooksConfig.Issuer issuer : config.issuers().orElse(List.of())) {
            if (issuer.jwks().isEmpty() == issuer.jwksUrl().isEmpty()) {
                throw new IllegalStateException("bone-monitor.cds-hooks.issuers: " + issuer.iss()
                        + " needs exactly one of jwks-url and jwks");
            }
            if (issuer.jwks().isPresent()) {
                keys.key(issuer, "");
            }
        }
        if (!config.auth().enabled()) {
            LOG.warn("*** CDS Hooks JWT verification is OFF (bone-monitor.cds-hooks.auth.enabled=false): any caller is trusted. "
                    + "Never run like this outside local development. ***");
        } else if (issuers().isEmpty()) {
            LOG.warn("CDS Hooks JWT verification is on but no issuer is configured (bone-monitor.cds-hooks.issuers): "
                    + "every CDS Hooks call will be refused with 401");
        }
    }

    private Map<String, CdsHooksConfig.Issuer> issuers() {
        Map<String, CdsHooksConfig.Issuer> map = issuers;
        if (map == null) {
            map = config.issuers().orElse(List.of()).stream()
                    .collect(Collectors.toUnmodifiableMap(CdsHooksConfig.Issuer::iss, Function.identity(), (a, b) -> a));
            issuers = map;
        }
        return map;
    }

    /**
     * @param authorization the Authorization header (may be null)
     * @param audience      the exact URL the client called
     */
    public void verify(String authorization, String audience) {
        if (!config.auth().enabled()) {
            return;
        }
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CdsException.unauthorized("no bearer token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw CdsException.unauthorized("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!ACCEPTED_ALGORITHMS.contains(alg)) {
            throw CdsException.unauthorized("algorithm " + alg + " is not accepted");
        }
        String iss = claims.getIssuer();
        CdsHooksConfig.Issuer issuer = iss == null ? null : issuers().get(iss);
        if (issuer == null) {
            throw CdsException.unauthorized("issuer not on the allow-list");
        }
        if (header.getJWKURL() != null && issuer.jwksUrl().isPresent() && !header.getJWKURL().equals(issuer.jwksUrl().get())) {
            throw CdsException.unauthorized("jku does not match the configured JWKS URL of " + iss);
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw CdsException.unauthorized("no kid");
        }
        JWK key = keys.key(issuer, kid).orElseThrow(() -> CdsException.unauthorized("unknown kid for " + iss));
        try {
            if (!jwt.verify(verifierFor(alg, key))) {
                throw CdsException.unauthorized("bad signature (" + iss + ")");
            }
        } catch (JOSEException e) {
            throw CdsException.unauthorized("signature could not be verified (" + iss + "): " + e.getMessage());
        }
        checkClaims(claims, audience);
        if (!replays.firstUse(iss, claims.getJWTID(), claims.getExpirationTime().toInstant())) {
            throw CdsException.unauthorized("replayed jti (" + iss + ")");
        }
    }

    private static JWSVerifier verifierFor(JWSAlgorithm alg, JWK key) throws JOSEException {
        if (alg.equals(JWSAlgorithm.RS384) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (alg.equals(JWSAlgorithm.ES384) && key instanceof ECKey ec && Curve.P_384.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec);
        }
        throw CdsException.unauthorized("key " + key.getKeyID() + " does not fit algorithm " + alg);
    }

    private void checkClaims(JWTClaimsSet claims, String audience) {
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw CdsException.unauthorized("aud is not the URL called");
        }
        Instant now = Instant.now();
        Duration skew = config.auth().clockSkew();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw CdsException.unauthorized("exp or iat missing");
        }
        if (exp.toInstant().plus(skew).isBefore(now)) {
            throw CdsException.unauthorized("expired");
        }
        if (exp.toInstant().isAfter(now.plus(config.auth().maxLifetime()).plus(skew))) {
            throw CdsException.unauthorized("exp too far in the future");
        }
        if (iat.toInstant().isAfter(now.plus(skew)) || !iat.toInstant().isBefore(exp.toInstant())) {
            throw CdsException.unauthorized("iat in the future or not before exp");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            throw CdsException.unauthorized("not valid yet (nbf)");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > 256) {
            throw CdsException.unauthorized("jti missing");
        }
    }
}

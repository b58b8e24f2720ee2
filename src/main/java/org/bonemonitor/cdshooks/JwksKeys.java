package org.bonemonitor.cdshooks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The public keys of the configured CDS clients: an inline JWKS, or one fetched from the issuer's
 * configured JWKS URL and cached. Only configured URLs are ever fetched (never a token's {@code jku}).
 */
@ApplicationScoped
public class JwksKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class);
    /** An unknown kid refetches a cached JWKS (key rotation), but at most this often. */
    static final Duration REFETCH_AFTER = Duration.ofMinutes(1);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);

    private record Cached(JWKSet keys, Instant fetchedAt) {
    }

    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, JWKSet> inline = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    CdsHooksConfig config;

    /** The key with this kid of this issuer, if any. */
    Optional<JWK> key(CdsHooksConfig.Issuer issuer, String kid) {
        if (issuer.jwks().isPresent()) {
            JWKSet set = inline.computeIfAbsent(issuer.iss(), iss -> parseInline(issuer));
            return Optional.ofNullable(set.getKeyByKeyId(kid));
        }
        URI url = issuer.jwksUrl().orElseThrow(() -> CdsException.unauthorized("issuer " + issuer.iss() + " has no JWKS configured"));
        Instant now = Instant.now();
        Cached cached = cache.get(url);
        if (cached != null && cached.fetchedAt().plus(config.auth().jwksCacheTtl()).isAfter(now)) {
            JWK key = cached.keys().getKeyByKeyId(kid);
            if (key != null || cached.fetchedAt().plus(REFETCH_AFTER).isAfter(now)) {
                return Optional.ofNullable(key);
            }
        }
        Cached fresh = fetch(url);
        if (fresh == null) {
            return Optional.ofNullable(cached == null ? null : cached.keys().getKeyByKeyId(kid));
        }
        cache.put(url, fresh);
        return Optional.ofNullable(fresh.keys().getKeyByKeyId(kid));
    }

    private static JWKSet parseInline(CdsHooksConfig.Issuer issuer) {
        try {
            return JWKSet.parse(issuer.jwks().orElseThrow()).toPublicJWKSet();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("bone-monitor.cds-hooks.issuers: the inline JWKS of " + issuer.iss() + " is not a JWKS", e);
        }
    }

    private Cached fetch(URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("JWKS %s answered %d", url, response.statusCode());
                return null;
            }
            return new Cached(JWKSet.parse(response.body()).toPublicJWKSet(), Instant.now());
        } catch (java.text.ParseException e) {
            LOG.warnf("JWKS %s is not a JWK set: %s", url, e.getMessage());
            return null;
        } catch (java.io.IOException e) {
            LOG.warnf("JWKS %s could not be fetched: %s", url, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

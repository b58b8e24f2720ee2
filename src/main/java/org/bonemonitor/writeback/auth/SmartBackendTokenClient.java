package org.bonemonitor.writeback.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * SMART Backend Services (client_credentials + private_key_jwt): finds the token endpoint (configured,
 * or {@code token_endpoint} of {@code <base>/.well-known/smart-configuration}), requests a token with a
 * freshly signed client assertion, and reuses it until {@code refresh-margin} before its
 * {@code expires_in} runs out. Thread-safe: concurrent callers share one token request.
 * Tokens and assertions are never logged.
 */
public final class SmartBackendTokenClient {

    private static final Logger LOG = Logger.getLogger(SmartBackendTokenClient.class);
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 300;

    private final HttpClient http;
    private final ObjectMapper json;
    private final Supplier<Instant> clock;
    private final URI ehrBaseUrl;
    private final Optional<URI> configuredTokenEndpoint;
    private final String clientId;
    private final String scope;
    private final ClientAssertionSigner signer;
    private final Duration requestTimeout;
    private final Duration refreshMargin;

    private URI tokenEndpoint;
    private String token;
    private Instant renewAt = Instant.MIN;

    public SmartBackendTokenClient(HttpClient http, ObjectMapper json, Supplier<Instant> clock, URI ehrBaseUrl,
            Optional<URI> tokenEndpoint, String clientId, String scope, ClientAssertionSigner signer,
            Duration requestTimeout, Duration refreshMargin) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.ehrBaseUrl = ehrBaseUrl;
        this.configuredTokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.scope = scope;
        this.signer = signer;
        this.requestTimeout = requestTimeout;
        this.refreshMargin = refreshMargin;
    }

    /** A valid access token, cached or newly requested. */
    public synchronized String token() throws TokenUnavailableException {
        Instant now = clock.get();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        URI endpoint = tokenEndpoint();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", signer.sign(clientId, endpoint, now));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        JsonNode body = exchange(request, "token endpoint");
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new TokenUnavailableException("the token endpoint answered without an access_token");
        }
        long expiresIn = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN_SECONDS);
        token = accessToken;
        Duration lifetime = Duration.ofSeconds(expiresIn);
        // renew refresh-margin before expiry, but never use a token past half its life if the margin is larger
        Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
        renewAt = now.plus(lifetime).minus(margin);
        LOG.debugf("obtained an access token from %s, valid %d s", endpoint, expiresIn);
        return token;
    }

    /** Forget the cached token (the EHR answered 401): the next {@link #token()} requests a new one. */
    public synchronized void invalidate() {
        token = null;
        renewAt = Instant.MIN;
    }

    private URI tokenEndpoint() throws TokenUnavailableException {
        if (tokenEndpoint == null) {
            if (configuredTokenEndpoint.isPresent()) {
                tokenEndpoint = configuredTokenEndpoint.get();
            } else {
                String base = ehrBaseUrl.toString().replaceAll("/+$", "");
                URI wellKnown = URI.create(base + "/.well-known/smart-configuration");
                JsonNode config = exchange(HttpRequest.newBuilder(wellKnown).timeout(requestTimeout)
                        .header("Accept", "application/json").GET().build(), "SMART configuration");
                String endpoint = config.path("token_endpoint").asText("");
                if (endpoint.isEmpty()) {
                    throw new TokenUnavailableException(wellKnown + " has no token_endpoint");
                }
                tokenEndpoint = URI.create(endpoint);
                LOG.infof("SMART token endpoint discovered: %s", tokenEndpoint);
            }
        }
        return tokenEndpoint;
    }

    private JsonNode exchange(HttpRequest request, String what) throws TokenUnavailableException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenUnavailableException(what + " " + request.uri() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException(what + " request interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            // an OAuth error body ({"error":"invalid_client",...}) holds no secret; keep it short
            String body = response.body() == null ? "" : response.body();
            throw new TokenUnavailableException(what + " " + request.uri() + " answered " + response.statusCode() + ": "
                    + (body.length() > 300 ? body.substring(0, 300) : body));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new TokenUnavailableException(what + " " + request.uri() + " answered invalid JSON", e);
        }
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

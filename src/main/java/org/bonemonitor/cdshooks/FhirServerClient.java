package org.bonemonitor.cdshooks;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Queries the EHR's FHIR server ({@code fhirServer} of the hook request) for prefetch keys the client
 * did not send, with the bearer token of {@code fhirAuthorization}. Asynchronous, so all keys are
 * fetched at once; the token is never logged.
 */
@ApplicationScoped
public class FhirServerClient {

    private static final Logger LOG = Logger.getLogger(FhirServerClient.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    /** The body of a 200, or why there is none. */
    record Result(Optional<String> body, boolean timedOut) {
        static final Result FAILED = new Result(Optional.empty(), false);
        static final Result TIMED_OUT = new Result(Optional.empty(), true);
    }

    /**
     * GETs {@code fhirServer/query}; completes with the body of a 200, or a failure (never exceptionally).
     *
     * @param query a prefetch template with the patient id substituted (relative to the FHIR base)
     */
    CompletableFuture<Result> get(String fhirServer, String query, String bearer, Duration timeout) {
        URI uri;
        try {
            uri = URI.create((fhirServer.endsWith("/") ? fhirServer : fhirServer + "/") + encodeQuery(query));
        } catch (IllegalArgumentException e) {
            LOG.infof("CDS fallback: cannot build a FHIR URL for a %s query", query.split("[/?]")[0]);
            return CompletableFuture.completedFuture(Result.FAILED);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/fhir+json").GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        // the resource type only: the path and query name the patient, which stays out of INFO logs
        String what = query.split("[/?]")[0] + " query";
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.infof("CDS fallback: %s failed: %s", what, cause.getClass().getSimpleName());
                return cause instanceof java.net.http.HttpTimeoutException ? Result.TIMED_OUT : Result.FAILED;
            }
            if (response.statusCode() != 200) {
                LOG.infof("CDS fallback: %s answered %d", what, response.statusCode());
                return Result.FAILED;
            }
            return new Result(Optional.of(response.body()), false);
        });
    }

    /** Encodes each query parameter value (codes carry '|'), keeping the separators. */
    static String encodeQuery(String query) {
        int q = query.indexOf('?');
        if (q < 0) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.substring(0, q + 1));
        String[] pairs = query.substring(q + 1).split("&");
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            int eq = pairs[i].indexOf('=');
            if (eq < 0) {
                out.append(pairs[i]);
                continue;
            }
            out.append(pairs[i], 0, eq + 1);
            String[] values = pairs[i].substring(eq + 1).split(",", -1);
            for (int v = 0; v < values.length; v++) {
                if (v > 0) {
                    out.append(',');
                }
                out.append(URLEncoder.encode(values[v], StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }
}

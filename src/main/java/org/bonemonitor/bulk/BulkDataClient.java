package org.bonemonitor.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.writeback.auth.EhrAuthorization;
import org.bonemonitor.writeback.auth.TokenUnavailableException;

/**
 * The FHIR Bulk Data Access client side (kick-off, status, files, delete) over the JDK HTTP client.
 * Files are returned as streams, never read whole. Every request carries our authorisation, except file
 * downloads of a manifest that says {@code requiresAccessToken: false} (pre-signed storage URLs).
 */
final class BulkDataClient {

    /** One entry of a manifest's {@code output} or {@code error}. */
    record ManifestFile(String type, URI url) { }

    record Manifest(Instant transactionTime, boolean requiresAccessToken, List<ManifestFile> output, List<ManifestFile> error) { }

    /** The status URL's answer: still running (with the server's hints), or the manifest. */
    sealed interface ExportStatus permits InProgress, Complete { }

    record InProgress(String progress, Optional<Duration> retryAfter) implements ExportStatus { }

    record Complete(Manifest manifest) implements ExportStatus { }

    /** A refused or failed request; {@code transientFailure} ones are worth retrying later. */
    static final class Failure extends Exception {
        final int status;
        final Optional<Duration> retryAfter;
        final boolean transientFailure;

        Failure(int status, Optional<Duration> retryAfter, boolean transientFailure, String message) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
            this.transientFailure = transientFailure;
        }
    }

    private static final String FHIR_JSON = "application/fhir+json";

    private final HttpClient http;
    private final EhrAuthorization authorization;
    private final ObjectMapper json;
    private final Duration requestTimeout;

    BulkDataClient(HttpClient http, EhrAuthorization authorization, ObjectMapper json, Duration requestTimeout) {
        this.http = http;
        this.authorization = authorization;
        this.json = json;
        this.requestTimeout = requestTimeout;
    }

    /** {@code GET …/$export?…} with {@code Prefer: respond-async}; the status URL from {@code Content-Location}. */
    URI kickOff(URI url) throws Failure {
        HttpResponse<InputStream> response = send(request(url).header("Accept", FHIR_JSON).header("Prefer", "respond-async")
                .timeout(requestTimeout).GET(), true);
        String body = drain(response);
        if (response.statusCode() != 202) {
            throw failure(response, body, "kick-off");
        }
        String location = response.headers().firstValue("Content-Location")
                .orElseThrow(() -> new Failure(202, Optional.empty(), false, "kick-off answered 202 without Content-Location"));
        return url.resolve(location);
    }

    ExportStatus status(URI statusUrl) throws Failure {
        HttpResponse<InputStream> response = send(request(statusUrl).header("Accept", "application/json").timeout(requestTimeout).GET(), true);
        String body = drain(response);
        return switch (response.statusCode()) {
            case 202 -> new InProgress(response.headers().firstValue("X-Progress").map(p -> p.length() > 200 ? p.substring(0, 200) : p)
                    .orElse(null), retryAfter(response));
            case 200 -> new Complete(manifest(body, statusUrl));
            default -> throw failure(response, body, "status request");
        };
    }

    /** A manifest pushed to us by URL ({@code $import} with {@code manifestUrl}). */
    Manifest fetchManifest(URI url) throws Failure {
        HttpResponse<InputStream> response = send(request(url).header("Accept", "application/json").timeout(requestTimeout).GET(), true);
        String body = drain(response);
        if (response.statusCode() != 200) {
            throw failure(response, body, "manifest request");
        }
        return manifest(body, url);
    }

    /** The file's body as a stream (the caller closes it); 200 only. */
    InputStream open(URI fileUrl, boolean withToken) throws Failure {
        HttpResponse<InputStream> response = send(request(fileUrl).header("Accept", "application/fhir+ndjson").GET(), withToken);
        if (response.statusCode() != 200) {
            throw failure(response, drain(response), "file download");
        }
        return response.body();
    }

    /** Tells the server we are done with the export (it may delete the files); 202 is the expected answer. */
    void delete(URI statusUrl) throws Failure {
        HttpResponse<InputStream> response = send(request(statusUrl).timeout(requestTimeout).DELETE(), true);
        String body = drain(response);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw failure(response, body, "export delete");
        }
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url);
    }

    /** Sends with our Authorization; after a 401 a fresh token is fetched and the request sent once more. */
    private HttpResponse<InputStream> send(HttpRequest.Builder builder, boolean withToken) throws Failure {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder copy = builder.copy();
            try {
                if (withToken) {
                    Optional<String> header = authorization.header();
                    if (header.isPresent()) {
                        copy.setHeader("Authorization", header.get());
                    }
                }
            } catch (TokenUnavailableException e) {
                throw new Failure(0, Optional.empty(), true, "no access token: " + e.getMessage());
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(copy.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new Failure(0, Optional.empty(), true, "request failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(0, Optional.empty(), true, "interrupted");
            }
            if (response.statusCode() == 401 && withToken && attempt == 0 && authorization.refresh()) {
                drain(response);
                continue;
            }
            return response;
        }
    }

    private Manifest manifest(String body, URI base) throws Failure {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject() || !root.path("transactionTime").isTextual() || !root.path("output").isArray()) {
                throw new Failure(200, Optional.empty(), false, "the manifest lacks transactionTime or output");
            }
            Instant transactionTime = OffsetDateTime.parse(root.get("transactionTime").asText()).toInstant();
            return new Manifest(transactionTime, root.path("requiresAccessToken").asBoolean(false),
                    files(root.get("output"), base), files(root.path("error"), base));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new Failure(200, Optional.empty(), false, "unreadable manifest: " + e.getMessage());
        }
    }

    private static List<ManifestFile> files(JsonNode array, URI base) throws Failure {
        List<ManifestFile> files = new ArrayList<>();
        for (JsonNode file : array) {
            if (!file.path("type").isTextual() || !file.path("url").isTextual()) {
                throw new Failure(200, Optional.empty(), false, "a manifest file entry lacks type or url");
            }
            files.add(new ManifestFile(file.get("type").asText(), base.resolve(file.get("url").asText())));
        }
        return files;
    }

    private Failure failure(HttpResponse<?> response, String body, String what) {
        int status = response.statusCode();
        boolean transientFailure = status == 429 || status >= 500 || status == 408;
        return new Failure(status, retryAfter(response), transientFailure,
                what + " answered HTTP " + status + diagnostics(body));
    }

    /** The first diagnostics of an OperationOutcome body, if it is one. */
    private String diagnostics(String body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode issue = root == null ? null : root.path("issue").path(0);
            if (issue != null && !issue.isMissingNode()) {
                String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(issue.path("code").asText()));
                return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status says enough
        }
        return "";
    }

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(BulkDataClient::parseRetryAfter);
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Reads a small answer (status, OperationOutcome) whole; at most 1 MB is kept. */
    private static String drain(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

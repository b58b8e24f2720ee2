package org.bonemonitor.writeback;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.writeback.auth.EhrAuthorization;
import org.bonemonitor.writeback.auth.TokenUnavailableException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jboss.logging.Logger;

/** POSTs a transaction Bundle to the EHR's FHIR base URL and reports what came back. */
@ApplicationScoped
public class EhrClient {

    private static final Logger LOG = Logger.getLogger(EhrClient.class);

    /** What one attempt produced: an HTTP status (or none), a short error, an OperationOutcome, locations. */
    public record Attempt(Optional<Integer> status, String error, Optional<String> retryAfter,
            Optional<String> outcome, List<String> locations, boolean tokenUnavailable) {

        static Attempt noResponse(String error) {
            return new Attempt(Optional.empty(), error, Optional.empty(), Optional.empty(), List.of(), false);
        }
    }

    private final WritebackConfig config;
    private final FhirContext fhirContext;
    private final ObjectMapper json;
    private final WritebackClock clock;
    private volatile Wiring wiring;

    private record Wiring(HttpClient http, URI transactionUrl, EhrAuthorization authorization) { }

    @Inject
    public EhrClient(WritebackConfig config, FhirContext fhirContext, ObjectMapper json, WritebackClock clock) {
        this.config = config;
        this.fhirContext = fhirContext;
        this.json = json;
        this.clock = clock;
    }

    /** Builds the HTTP client and the authorization (reading the signing key); fails on a bad key. */
    public void init() {
        wiring();
    }

    private Wiring wiring() {
        Wiring w = wiring;
        if (w == null) {
            synchronized (this) {
                if (wiring == null) {
                    HttpClient http = HttpClient.newBuilder()
                            .connectTimeout(config.connectTimeout())
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    String base = config.ehrBaseUrl().orElseThrow().toString().replaceAll("/+$", "");
                    wiring = new Wiring(http, URI.create(base),
                            EhrAuthorization.from(config, http, json, clock::now));
                }
                w = wiring;
            }
        }
        return w;
    }

    /** Sends the Bundle; on a 401 refreshes the token once and sends again. Never throws for I/O. */
    public Attempt send(String transactionBundleJson) {
        Wiring w = wiring();
        boolean refreshed = false;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(w.transactionUrl())
                    .timeout(config.requestTimeout())
                    .header("Content-Type", "application/fhir+json; charset=UTF-8")
                    .header("Accept", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(transactionBundleJson));
            try {
                Optional<String> header = w.authorization().header();
                header.ifPresent(h -> request.header("Authorization", h));
            } catch (TokenUnavailableException e) {
                return new Attempt(Optional.empty(), "no access token: " + e.getMessage(), Optional.empty(),
                        Optional.empty(), List.of(), true);
            }
            HttpResponse<String> response;
            try {
                response = w.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                return Attempt.noResponse("timed out: " + e.getMessage());
            } catch (ConnectException e) {
                return Attempt.noResponse("cannot connect to the EHR: " + describe(e));
            } catch (IOException e) {
                return Attempt.noResponse("I/O error: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Attempt.noResponse("interrupted");
            }
            int status = response.statusCode();
            if (status == 401 && !refreshed && w.authorization().refresh()) {
                LOG.debug("the EHR answered 401: refreshing the access token once");
                refreshed = true;
                continue;
            }
            return interpret(status, response);
        }
    }

    private Attempt interpret(int status, HttpResponse<String> response) {
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        String body = response.body() == null ? "" : response.body();
        if (status / 100 == 2) {
            return new Attempt(Optional.of(status), null, retryAfter, Optional.empty(), locations(body), false);
        }
        Optional<String> outcome = outcome(body);
        String error = "HTTP " + status + outcome.map(this::diagnostics).map(d -> ": " + d).orElse("");
        return new Attempt(Optional.of(status), error, retryAfter, outcome, List.of(), false);
    }

    private List<String> locations(String body) {
        try {
            Bundle response = fhirContext.newJsonParser().parseResource(Bundle.class, body);
            return response.getEntry().stream().map(e -> e.getResponse().getLocation())
                    .filter(l -> l != null && !l.isBlank()).toList();
        } catch (RuntimeException notABundle) {
            LOG.debug("the EHR's transaction response is not a Bundle", notABundle);
            return List.of();
        }
    }

    private Optional<String> outcome(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, body);
            return Optional.of(fhirContext.newJsonParser().encodeResourceToString(outcome));
        } catch (RuntimeException notAnOutcome) {
            return Optional.empty();
        }
    }

    private String diagnostics(String outcomeJson) {
        OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, outcomeJson);
        return outcome.getIssue().stream()
                .map(i -> i.hasDiagnostics() ? i.getDiagnostics() : i.getDetails().getText())
                .filter(s -> s != null && !s.isBlank())
                .findFirst().orElse("(OperationOutcome without diagnostics)");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

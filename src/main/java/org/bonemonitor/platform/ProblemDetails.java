package org.bonemonitor.platform;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one shape of every {@code /api/ops} error (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} (the request path) and {@code correlationId}.
 * Never an exception class name or a stack trace.
 */
public final class ProblemDetails {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://bone-monitor.org/problems/";

    private ProblemDetails() {
    }

    public static Response of(ApiProblem problem, String path, String correlationId) {
        return of(problem.status(), problem.type(), problem.title(), problem.getMessage(), path, correlationId);
    }

    /** A problem for a generic HTTP failure (unknown route, wrong method, unexpected error). */
    public static Response of(int status, String detail, String path, String correlationId) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return of(status, "http-" + status, title, detail, path, correlationId);
    }

    private static Response of(int status, String type, String title, String detail, String path, String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", path);
        body.put("correlationId", correlationId);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}

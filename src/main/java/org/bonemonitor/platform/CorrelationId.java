package org.bonemonitor.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A correlation id per request: taken from the caller's {@code X-Correlation-Id} when it is a
 * plain token, otherwise generated; echoed in the response header, put in the log context and in
 * every OperationOutcome, so a support call can find the request in the logs.
 */
public class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    private static final String PROPERTY = "bone-monitor.correlation-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.-]{1,64}");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String offered = request.getHeaderString(HEADER);
        String id = offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        MDC.put("correlationId", id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
        MDC.remove("correlationId");
    }

    /** The current request's correlation id (generated when called outside a request filter run). */
    public static String of(ContainerRequestContext request) {
        Object id = request == null ? null : request.getProperty(PROPERTY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}

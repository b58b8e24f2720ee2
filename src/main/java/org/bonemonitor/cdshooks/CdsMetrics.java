package org.bonemonitor.cdshooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code bonemonitor_cds_requests_seconds{hook, service, outcome}}: every hook call with its latency
 * histogram (for the p99 alert). Labels come from the service catalogue, never from the request
 * path as sent, so an unknown id cannot grow the label set.
 */
public class CdsMetrics {

    private static final String STARTED = "bone-monitor.cds.started";

    @Inject
    MeterRegistry registry;
    @Inject
    CdsHookService hooks;

    /** Pre-matching, so it runs before the JWT filter: a refused call is timed as outcome="unauthorized". */
    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        if (isHookCall(request)) {
            request.setProperty(STARTED, System.nanoTime());
        }
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) {
            return;
        }
        String id = request.getUriInfo().getPathSegments().get(1).getPath();
        var service = hooks.catalog().service(id);
        int status = response.getStatus();
        String outcome = status < 300 ? "ok" : status == 401 ? "unauthorized" : status < 500 ? "rejected" : "error";
        Timer.builder("bonemonitor.cds.requests").description("CDS Hooks calls by hook and outcome")
                .tag("hook", service.map(CdsServiceCatalog.Service::hook).orElse("unknown"))
                .tag("service", service.map(CdsServiceCatalog.Service::id).orElse("unknown"))
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(System.nanoTime() - started));
    }

    private static boolean isHookCall(ContainerRequestContext request) {
        var segments = request.getUriInfo().getPathSegments();
        return "POST".equals(request.getMethod()) && segments.size() == 2 && "cds-services".equals(segments.get(0).getPath());
    }
}

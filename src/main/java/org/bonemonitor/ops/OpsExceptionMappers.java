package org.bonemonitor.ops;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.bonemonitor.platform.ApiProblem;
import org.bonemonitor.platform.CorrelationId;
import org.bonemonitor.platform.ProblemDetails;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every typed problem of the ops API (deliveries, CDS feedback, worklists, re-evaluation) in the one
 * problem+json shape; generic failures under {@code /api/} get the same shape from the web edge.
 */
public class OpsExceptionMappers {

    @ServerExceptionMapper
    public Response problem(ApiProblem e, ContainerRequestContext request) {
        return ProblemDetails.of(e, request.getUriInfo().getPath(), CorrelationId.of(request));
    }
}

package org.bonemonitor.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.bonemonitor.fhir.FhirException.Issue;
import org.bonemonitor.platform.CorrelationId;
import org.bonemonitor.platform.ProblemDetails;
import org.bonemonitor.record.StoreException;
import org.bonemonitor.security.AccessDenied;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where generic failures become HTTP answers, never with a stack trace or an
 * exception class name: a FHIR OperationOutcome carrying the correlation id, except under
 * {@code /api/} (the ops surface), which answers RFC 9457 problem details.
 */
public class FhirExceptionMappers {

    private static final Logger LOG = Logger.getLogger(FhirExceptionMappers.class);

    @Inject
    FhirResponses responses;
    @Inject
    IngestMetrics metrics;

    @ServerExceptionMapper
    public Response fhir(FhirException e, ContainerRequestContext request) {
        metrics.rejected(e.status(), e.issues().isEmpty() ? null : e.issues().get(0).type());
        return responses.outcome(request, e.status(), e.issues());
    }

    /** 401 / 403 from the access filter or a per-entry check: OperationOutcome (problem+json under /api/) and the challenge. */
    @ServerExceptionMapper
    public Response denied(AccessDenied e, ContainerRequestContext request) {
        Response answer = answer(request, e.status(), e.status() == 401 ? IssueType.LOGIN : IssueType.FORBIDDEN, e.getMessage());
        return Response.fromResponse(answer).header("WWW-Authenticate", e.challenge()).build();
    }

    @ServerExceptionMapper
    public Response unparseable(DataFormatException e, ContainerRequestContext request) {
        metrics.rejected(400, IssueType.STRUCTURE);
        return responses.outcome(request, 400, List.of(Issue.error(IssueType.STRUCTURE, FhirParser.describe(e))));
    }

    @ServerExceptionMapper
    public Response store(StoreException e, ContainerRequestContext request) {
        if (e.isConflict()) {
            return responses.outcome(request, 409, List.of(IngestService.conflict()));
        }
        return unexpected(e, request);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, ContainerRequestContext request) {
        return answer(request, 415, IssueType.NOTSUPPORTED,
                "Unsupported Content-Type; send application/fhir+json or application/fhir+xml");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request) {
        return answer(request, 404, IssueType.NOTFOUND,
                "No such endpoint: " + request.getMethod() + " " + request.getUriInfo().getPath());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
        return answer(request, 405, IssueType.NOTSUPPORTED,
                "Method " + request.getMethod() + " is not supported on " + request.getUriInfo().getPath());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return answer(request, status, IssueType.PROCESSING, "Request refused (HTTP " + status + ")");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String id = CorrelationId.of(request);
        if (rolledBack(e)) {
            // the transaction outlived its timeout and was rolled back: nothing was stored, a retry may pass
            LOG.warnf("Transaction rolled back (timeout), correlation id %s: %s", id, e.getMessage());
            metrics.rejected(503, IssueType.TIMEOUT);
            return Response.fromResponse(answer(request, 503, IssueType.TIMEOUT, "The request took longer than its database "
                    + "transaction may last (bone-monitor.ingest.transaction-timeout) and was rolled back: nothing was stored. "
                    + "Retry later or send the record in smaller bundles. Correlation id " + id + "."))
                    .header("Retry-After", "60").build();
        }
        LOG.errorf(e, "Unexpected failure, correlation id %s", id);
        return answer(request, 500, IssueType.EXCEPTION, "Internal error. Quote correlation id " + id + " to support.");
    }

    private static boolean rolledBack(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.transaction.RollbackException) {
                return true;
            }
        }
        return false;
    }

    private Response answer(ContainerRequestContext request, int status, IssueType type, String text) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/")) {
            return ProblemDetails.of(status, text, path, CorrelationId.of(request));
        }
        return responses.outcome(request, status, List.of(Issue.error(type, text)));
    }
}

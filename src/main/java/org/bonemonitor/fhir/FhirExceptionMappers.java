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
import org.bonemonitor.record.StoreException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers: always a FHIR OperationOutcome carrying the
 * correlation id, never a stack trace or an exception class name.
 */
public class FhirExceptionMappers {

    private static final Logger LOG = Logger.getLogger(FhirExceptionMappers.class);

    @Inject
    FhirResponses responses;

    @ServerExceptionMapper
    public Response fhir(FhirException e, ContainerRequestContext request) {
        return responses.outcome(request, e.status(), e.issues());
    }

    @ServerExceptionMapper
    public Response unparseable(DataFormatException e, ContainerRequestContext request) {
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
        return responses.outcome(request, 415, List.of(Issue.error(IssueType.NOTSUPPORTED,
                "Unsupported Content-Type; send application/fhir+json or application/fhir+xml")));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request) {
        return responses.outcome(request, 404, List.of(Issue.error(IssueType.NOTFOUND,
                "No such endpoint: " + request.getMethod() + " " + request.getUriInfo().getPath())));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
        return responses.outcome(request, 405, List.of(Issue.error(IssueType.NOTSUPPORTED,
                "Method " + request.getMethod() + " is not supported on " + request.getUriInfo().getPath())));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return responses.outcome(request, status, List.of(Issue.error(IssueType.PROCESSING,
                "Request refused (HTTP " + status + ")")));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String id = CorrelationId.of(request);
        LOG.errorf(e, "Unexpected failure, correlation id %s", id);
        return responses.outcome(request, 500, List.of(Issue.error(IssueType.EXCEPTION,
                "Internal error. Quote correlation id " + id + " to support.")));
    }
}

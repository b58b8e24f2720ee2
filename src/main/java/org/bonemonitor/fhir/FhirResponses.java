package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.bonemonitor.fhir.FhirException.Issue;
import org.bonemonitor.platform.CorrelationId;
import org.bonemonitor.security.AuditedReads;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Encodes FHIR answers in the format the caller asked for ({@code _format}, then Accept). */
@ApplicationScoped
public class FhirResponses {

    @Inject
    FhirContext fhir;

    public FhirFormat formatFor(ContainerRequestContext request) {
        return FhirFormat.forResponse(request.getUriInfo().getQueryParameters().getFirst("_format"),
                request.getHeaderString(HttpHeaders.ACCEPT));
    }

    public Response.ResponseBuilder resource(ContainerRequestContext request, int status, IBaseResource resource) {
        FhirFormat format = formatFor(request);
        request.setProperty(AuditedReads.PAYLOAD, resource);
        return Response.status(status).type(format.mediaType())
                .entity(format.newParser(fhir).encodeResourceToString(resource));
    }

    public Response outcome(ContainerRequestContext request, int status, List<Issue> issues) {
        return resource(request, status, outcome(CorrelationId.of(request), issues)).build();
    }

    /** An OperationOutcome whose id is the request's correlation id. */
    public static OperationOutcome outcome(String correlationId, List<Issue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.setId(correlationId);
        for (Issue issue : issues) {
            OperationOutcome.OperationOutcomeIssueComponent component = outcome.addIssue()
                    .setSeverity(issue.severity()).setCode(issue.type()).setDiagnostics(issue.diagnostics());
            if (issue.location() != null) {
                component.addExpression(issue.location());
            }
        }
        if (issues.isEmpty()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("All OK");
        }
        outcome.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
        outcome.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">"
                + escape(issues.isEmpty() ? "All OK" : issues.get(0).diagnostics()) + "</div>");
        return outcome;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

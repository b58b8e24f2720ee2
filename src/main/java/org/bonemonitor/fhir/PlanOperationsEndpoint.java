package org.bonemonitor.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** {@code $bone-health-plan} and the published knowledge: bind, call one service method, encode. */
@Path("/fhir")
@Tag(name = "FHIR R4")
public class PlanOperationsEndpoint {

    @Inject
    FhirParser parser;
    @Inject
    FhirResponses responses;
    @Inject
    BoneHealthPlanService service;
    @Inject
    IngestConfig limits;
    @Context
    ContainerRequestContext request;
    @Context
    UriInfo uri;

    @POST
    @Path("Patient/{operation}")
    @Operation(summary = "$bone-health-plan: assess one patient's record (Bundle or Parameters) and return the plan; nothing is stored")
    public Response evaluate(@PathParam("operation") String operation, @QueryParam("asOf") String asOf, InputStream body) {
        requireOperation(operation);
        return responses.resource(request, 200, service.evaluate(parse(body), asOf, base())).build();
    }

    @GET
    @Path("Patient/{id}/{operation}")
    @Operation(summary = "$bone-health-plan: the stored current bone-health plan of a patient")
    public Response stored(@PathParam("id") String id, @PathParam("operation") String operation) {
        requireOperation(operation);
        return responses.resource(request, 200, service.stored(id, base())).build();
    }

    /** The path segment is matched here, decoded: a literal '$' in @Path does not route. */
    private static void requireOperation(String operation) {
        if (!BoneHealthPlanService.OPERATION.equals(operation)) {
            throw FhirException.notFound("Unknown operation '" + operation + "' on Patient; this server offers "
                    + BoneHealthPlanService.OPERATION);
        }
    }

    @GET
    @Path("PlanDefinition/{id}")
    @Operation(summary = "The rule set as a PlanDefinition (aibl-2017)")
    public Response planDefinition(@PathParam("id") String id) {
        return responses.resource(request, 200, service.planDefinition(id)).build();
    }

    @GET
    @Path("ValueSet/{id}")
    @Operation(summary = "A code set of codes.csv as a ValueSet")
    public Response valueSet(@PathParam("id") String id) {
        return responses.resource(request, 200, service.valueSet(id)).build();
    }

    @GET
    @Path("CodeSystem/{id}")
    @Operation(summary = "The recommendation CodeSystem")
    public Response codeSystem(@PathParam("id") String id) {
        return responses.resource(request, 200, service.codeSystem(id)).build();
    }

    private org.hl7.fhir.instance.model.api.IBaseResource parse(InputStream body) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        FhirFormat format = FhirFormat.ofContentType(contentType).orElseThrow(() -> new FhirException(415, IssueType.NOTSUPPORTED,
                "Unsupported Content-Type '" + (contentType == null ? "(none)" : contentType)
                        + "': send application/fhir+json or application/fhir+xml"));
        return parser.parse(body, format, limits.maxBodySize().asLongValue()).resource();
    }

    private String base() {
        String root = uri.getBaseUri().toString();
        return (root.endsWith("/") ? root : root + "/") + "fhir";
    }
}

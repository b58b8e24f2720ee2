package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bonemonitor.fhir.FhirException.Issue;
import org.bonemonitor.platform.CorrelationId;
import org.bonemonitor.security.Caller;
import org.bonemonitor.security.CurrentCaller;
import org.bonemonitor.security.SmartScopes;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/** The FHIR R4 REST surface under {@code /fhir}: bind, call one service method, encode. */
@Path("/fhir")
@Tag(name = "FHIR R4")
public class FhirEndpoint {

    @Inject
    FhirContext fhir;
    @Inject
    FhirParser parser;
    @Inject
    FhirResponses responses;
    @Inject
    IngestService ingest;
    @Inject
    SearchService search;
    @Inject
    CapabilityStatementFactory capabilities;
    @Inject
    IngestConfig config;
    @Inject
    CurrentCaller callers;
    @Context
    ContainerRequestContext request;
    @Context
    UriInfo uri;

    @GET
    @Path("metadata")
    @Operation(summary = "The CapabilityStatement: what this server supports")
    public Response metadata() {
        return responses.resource(request, 200, capabilities.get()).build();
    }

    @POST
    @Operation(summary = "Process a transaction or batch Bundle")
    public Response transactionOrBatch(InputStream body) {
        FhirParser.Parsed parsed = parse(body);
        if (!(parsed.resource() instanceof Bundle bundle)) {
            throw FhirException.invalid("POST to the base expects a Bundle of type transaction or batch, not a "
                    + parsed.resource().fhirType());
        }
        if (bundle.getEntry().size() > config.maxEntries()) {
            throw new FhirException(413, IssueType.TOOCOSTLY, "Bundle has " + bundle.getEntry().size()
                    + " entries, more than the limit of " + config.maxEntries() + " (bone-monitor.ingest.max-entries)");
        }
        Caller caller = callers.get();
        Bundle answer = switch (bundle.getType() == null ? Bundle.BundleType.NULL : bundle.getType()) {
            case TRANSACTION -> {
                bundle.getEntry().forEach(entry -> EntryAccess.check(caller, entry));
                yield ingest.transaction(bundle, parsed.json(), parsed.warnings());
            }
            case BATCH -> ingest.batch(bundle, parsed.json(), parsed.warnings(), CorrelationId.of(request),
                    entry -> EntryAccess.check(caller, entry));
            default -> throw FhirException.invalid("POST to the base expects a Bundle of type transaction or batch, not '"
                    + (bundle.getType() == null ? "(none)" : bundle.getType().toCode()) + "'");
        };
        return responses.resource(request, 200, answer).build();
    }

    @POST
    @Path("{type}")
    @Operation(summary = "Create a resource (conditional with If-None-Exist: identifier=system|value)")
    public Response create(@PathParam("type") String type, InputStream body) {
        FhirParser.Parsed parsed = parse(body);
        Resource resource = resourceOfType(parsed, type);
        resource.setId((String) null);
        IngestService.EntryOutcome outcome = ingest.create(resource, parsed.json(), request.getHeaderString("If-None-Exist"));
        return written(outcome, parsed.warnings());
    }

    @PUT
    @Path("{type}/{id}")
    @Operation(summary = "Update a resource, or create it with the given id")
    public Response update(@PathParam("type") String type, @PathParam("id") String id, InputStream body) {
        FhirParser.Parsed parsed = parse(body);
        Resource resource = resourceOfType(parsed, type);
        if (!resource.hasIdElement() || resource.getIdElement().getIdPart() == null) {
            throw FhirException.invalid("The resource in a PUT must carry the id of the URL ('" + id + "')");
        }
        return written(ingest.update(type, id, resource, parsed.json()), parsed.warnings());
    }

    @DELETE
    @Path("{type}/{id}")
    @Operation(summary = "Delete a resource (reads then answer 410 Gone)")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id) {
        ingest.delete(type, id);
        return Response.noContent().build();
    }

    @GET
    @Path("{type}/{id}")
    @Operation(summary = "Read the current version of a resource")
    public Response read(@PathParam("type") String type, @PathParam("id") String id) {
        return versioned(search.read(type, id));
    }

    @GET
    @Path("{type}/{id}/_history/{version}")
    @Operation(summary = "Read one version of a resource")
    public Response vread(@PathParam("type") String type, @PathParam("id") String id, @PathParam("version") String version) {
        return versioned(search.vread(type, id, version));
    }

    @GET
    @Path("{type}")
    @Operation(summary = "Search: patient, _id, _lastUpdated and per type status, code, category, identifier and its date "
            + "parameter (see the CapabilityStatement); _sort, _count, _summary=count, _elements")
    public Response search(@PathParam("type") String type) {
        return searchWith(type, queryParameters());
    }

    @GET
    @Path("{type}/_search")
    @Operation(summary = "Search, as GET /fhir/{type}")
    public Response searchAlias(@PathParam("type") String type) {
        return searchWith(type, queryParameters());
    }

    @POST
    @Path("{type}/_search")
    @Operation(summary = "Search with the parameters in an application/x-www-form-urlencoded body (and the query string)")
    public Response searchByPost(@PathParam("type") String type, String body) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new FhirException(415, IssueType.NOTSUPPORTED, "POST " + type + "/_search expects an "
                    + "application/x-www-form-urlencoded body, not '" + (contentType == null ? "(none)" : contentType) + "'");
        }
        Map<String, List<String>> params = queryParameters();
        SearchService.formParameters(body).forEach((name, values) -> params.computeIfAbsent(name, n -> new java.util.ArrayList<>())
                .addAll(values));
        return searchWith(type, params);
    }

    private Map<String, List<String>> queryParameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> params.put(name, new java.util.ArrayList<>(values)));
        return params;
    }

    private Response searchWith(String type, Map<String, List<String>> params) {
        params.forEach((name, values) -> {
            if (UriGuard.hasControl(name) || values.stream().anyMatch(UriGuard::hasControl)) {
                throw FhirException.invalid("Search parameter '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a control character");
            }
        });
        if (params.containsKey("_include") || params.containsKey("_revinclude")) {
            // included resources may be of any type
            callers.get().require("*", SmartScopes.Interaction.SEARCH);
        }
        String prefer = request.getHeaderString("Prefer");
        boolean strict = prefer != null && prefer.replace(" ", "").toLowerCase(java.util.Locale.ROOT).contains("handling=strict");
        return responses.resource(request, 200, search.search(type, params, base(), strict)).build();
    }

    private FhirParser.Parsed parse(InputStream body) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        FhirFormat format = FhirFormat.ofContentType(contentType).orElseThrow(() -> new FhirException(415,
                IssueType.NOTSUPPORTED, "Unsupported Content-Type '" + (contentType == null ? "(none)" : contentType)
                        + "': send application/fhir+json or application/fhir+xml"));
        long limit = config.maxBodySize().asLongValue();
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit) {
            throw new FhirException(413, IssueType.TOOCOSTLY, "Request body of " + length
                    + " bytes is larger than the limit of " + limit + " bytes (bone-monitor.ingest.max-body-size)");
        }
        return parser.parse(body, format, limit);
    }

    private static Resource resourceOfType(FhirParser.Parsed parsed, String type) {
        if (!parsed.resource().fhirType().equals(type)) {
            throw FhirException.invalid("The body is a " + parsed.resource().fhirType() + " but the URL names " + type);
        }
        return (Resource) parsed.resource();
    }

    private Response written(IngestService.EntryOutcome outcome, List<Issue> parseWarnings) {
        List<Issue> warnings = new java.util.ArrayList<>(parseWarnings);
        warnings.addAll(outcome.warnings());
        String prefer = request.getHeaderString("Prefer");
        Response.ResponseBuilder answer;
        if (prefer != null && prefer.contains("return=minimal")) {
            answer = Response.status(outcome.status());
        } else if (prefer != null && prefer.contains("return=OperationOutcome")) {
            answer = responses.resource(request, outcome.status(), FhirResponses.outcome(CorrelationId.of(request), warnings));
        } else {
            Resource body = outcome.resource() != null ? outcome.resource() : search.read(outcome.type(), outcome.id());
            if (outcome.version() > 0) {
                body.getMeta().setVersionId(String.valueOf(outcome.version())).setLastUpdated(java.util.Date.from(outcome.lastUpdated()));
            }
            answer = responses.resource(request, outcome.status(), body);
        }
        if (outcome.version() > 0) {
            answer.header(HttpHeaders.LOCATION, base() + "/" + outcome.type() + "/" + outcome.id() + "/_history/" + outcome.version())
                    .header(HttpHeaders.ETAG, "W/\"" + outcome.version() + "\"");
        } else {
            answer.header(HttpHeaders.CONTENT_LOCATION, base() + "/" + outcome.type() + "/" + outcome.id());
        }
        return answer.build();
    }

    private Response versioned(Resource resource) {
        return responses.resource(request, 200, resource)
                .header(HttpHeaders.ETAG, "W/\"" + resource.getMeta().getVersionId() + "\"")
                .header(HttpHeaders.LAST_MODIFIED, resource.getMeta().getLastUpdated())
                .build();
    }

    private String base() {
        String root = uri.getBaseUri().toString();
        return (root.endsWith("/") ? root : root + "/") + "fhir";
    }
}

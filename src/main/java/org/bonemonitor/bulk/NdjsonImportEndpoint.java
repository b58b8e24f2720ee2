package org.bonemonitor.bulk;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.fhir.FhirException;
import org.bonemonitor.fhir.FhirException.Issue;
import org.bonemonitor.fhir.FhirFormat;
import org.bonemonitor.fhir.FhirParser;
import org.bonemonitor.fhir.FhirResponses;
import org.bonemonitor.fhir.IngestConfig;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code POST /fhir/$import} for sites that cannot offer {@code $export}: an NDJSON body (one resource
 * per line, each with the EHR's id) is ingested as it streams in, in batches, like a pulled file; or a
 * {@code Parameters} with {@code manifestUrl} (a Bulk Data manifest) starts an import job that fetches
 * the files like a pulled export, answered {@code 202} with the job's URL.
 */
@Path("/fhir")
@Tag(name = "FHIR R4")
public class NdjsonImportEndpoint {

    /** Failed lines listed one by one in the answer; the rest are counted. */
    private static final int LINES_LISTED = 100;

    private final NdjsonIngest ndjson;
    private final BulkImportService imports;
    private final BulkConfig config;
    private final FhirParser parser;
    private final FhirResponses responses;
    private final IngestConfig limits;
    @Context
    ContainerRequestContext request;

    NdjsonImportEndpoint(NdjsonIngest ndjson, BulkImportService imports, BulkConfig config, FhirParser parser, FhirResponses responses,
            IngestConfig limits) {
        this.ndjson = ndjson;
        this.imports = imports;
        this.config = config;
        this.parser = parser;
        this.responses = responses;
        this.limits = limits;
    }

    /** The regex makes this win over {@code POST /fhir/{type}} (a literal '$' in @Path does not route). */
    @POST
    @Path("{operation: (\\$|%24)import}")
    @Consumes({"application/fhir+ndjson", "application/ndjson", "application/x-ndjson"})
    @Operation(summary = "$import: ingest an NDJSON body (one resource per line, with ids), streamed, in batches")
    public Response importNdjson(InputStream body) {
        List<NdjsonIngest.LineError> failed = new ArrayList<>();
        NdjsonIngest.Totals totals;
        try {
            totals = ndjson.ingest(body, 0, config.batchSize(), (linesDone, resources, errors) -> failed.addAll(errors));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Issue> issues = new ArrayList<>();
        issues.add(new Issue(IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, totals.resources() + " resource(s) imported from "
                + totals.lines() + " line(s); " + totals.failed() + " line(s) not imported", null));
        failed.stream().limit(LINES_LISTED).forEach(e -> issues.add(Issue.error(IssueType.INVALID, "line " + e.line() + ": " + e.message())));
        if (failed.size() > LINES_LISTED) {
            issues.add(Issue.error(IssueType.TOOCOSTLY, (failed.size() - LINES_LISTED) + " more failed line(s) not listed"));
        }
        return responses.outcome(request, 200, issues);
    }

    @POST
    @Path("{operation: (\\$|%24)import}")
    @Consumes({"application/fhir+json", "application/json"})
    @Operation(summary = "$import with a Parameters resource naming a Bulk Data manifest (manifestUrl): fetched as an import job")
    public Response importManifest(InputStream body) {
        FhirParser.Parsed parsed = parser.parse(body, FhirFormat.JSON, limits.maxBodySize().asLongValue());
        if (!(parsed.resource() instanceof Parameters parameters) || parameters.getParameter("manifestUrl") == null
                || !parameters.getParameter("manifestUrl").hasValue()) {
            throw FhirException.invalid("$import takes an NDJSON body (Content-Type application/fhir+ndjson) or a Parameters "
                    + "resource with a manifestUrl parameter");
        }
        URI manifest;
        try {
            manifest = URI.create(parameters.getParameter("manifestUrl").getValue().primitiveValue());
        } catch (IllegalArgumentException e) {
            throw FhirException.invalid("manifestUrl is not a URL");
        }
        BulkImportView job;
        try {
            job = imports.startFromManifest(manifest);
        } catch (BulkImportException e) {
            throw new FhirException(e.status(), IssueType.INVALID, e.getMessage());
        }
        String location = "/api/ops/bulk-imports/" + job.id();
        return Response.fromResponse(responses.outcome(request, 202, List.of(new Issue(IssueSeverity.INFORMATION,
                IssueType.INFORMATIONAL, "import " + job.id() + " accepted: follow it at " + location, null)))).header("Content-Location", location).build();
    }
}

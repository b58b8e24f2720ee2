package org.bonemonitor.bulk;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations: start a back-fill from the EHR now, and follow the imports (status, files, resources, issues, rate). */
@Path("/api/ops/bulk-imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class BulkImportResource {

    private final BulkImportService imports;

    public BulkImportResource(BulkImportService imports) {
        this.imports = imports;
    }

    @POST
    @Operation(summary = "Start an incremental Bulk Data export from the EHR now (409 while one runs)")
    public Response start() {
        BulkImportView job = imports.startExport(BulkImport.StartedBy.OPERATOR);
        return Response.accepted(job).location(URI.create("/api/ops/bulk-imports/" + job.id())).build();
    }

    @GET
    @Operation(summary = "The newest imports, newest first")
    public java.util.List<BulkImportView> list(@QueryParam("limit") String limit) {
        return imports.list(parseLimit(limit));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One import with its files and issues")
    public BulkImportView get(@PathParam("id") String id) {
        try {
            return imports.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw new BulkImportException.NotFound(id);
        }
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 500) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BulkImportException.Invalid("limit must be a number from 1 to 500");
    }
}

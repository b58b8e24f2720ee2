package org.bonemonitor.ops;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

/**
 * The ops dashboard page ({@code /ops/}) and the patient page, server-rendered with Qute from the
 * same service methods as the ops API; retry and discard are plain HTML forms (POST, then a redirect
 * back), so the page needs no script.
 */
@Path("/ops")
@Tag(name = "ops dashboard")
public class DashboardResource {

    private final Dashboard dashboard;
    private final Template page;
    private final Template patient;

    public DashboardResource(Dashboard dashboard, @Location("ops/dashboard.html") Template page,
            @Location("ops/patient.html") Template patient) {
        this.dashboard = dashboard;
        this.page = page;
        this.patient = patient;
    }

    @GET
    @Path("")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The ops dashboard page")
    public String dashboard(@QueryParam("window") String window, @QueryParam("notice") String notice) {
        return page.data("view", dashboard.view(window, notice)).render();
    }

    @GET
    @Path("patients/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "One patient's page: T-score trend, plan history, deliveries")
    public String patient(@PathParam("id") String id) {
        return patient.data("view", dashboard.patient(id)).render();
    }

    @POST
    @Path("deliveries/{id}/retry")
    @Operation(summary = "Retry a delivery from the dashboard (redirects back)")
    public Response retry(@PathParam("id") String id, @HeaderParam("Sec-Fetch-Site") String fetchSite,
            @HeaderParam("Origin") String origin, @HeaderParam("Host") String host) {
        return back(dashboard.retry(id, Dashboard.Caller.of(fetchSite, origin, host)));
    }

    @POST
    @Path("deliveries/{id}/discard")
    @Operation(summary = "Discard a dead delivery from the dashboard (redirects back)")
    public Response discard(@PathParam("id") String id, @HeaderParam("Sec-Fetch-Site") String fetchSite,
            @HeaderParam("Origin") String origin, @HeaderParam("Host") String host) {
        return back(dashboard.discard(id, Dashboard.Caller.of(fetchSite, origin, host)));
    }

    private static Response back(String notice) {
        return Response.seeOther(URI.create("/ops/?notice=" + java.net.URLEncoder.encode(notice, java.nio.charset.StandardCharsets.UTF_8)
                + "#deliveries")).build();
    }
}

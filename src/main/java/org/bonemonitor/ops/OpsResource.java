package org.bonemonitor.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The cohort, worklists, one patient's timeline, and re-assessment: bind, call one service method, map. */
@Path("/api/ops")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ops")
public class OpsResource {

    private final CohortService cohort;
    private final PatientTimeline timeline;
    private final Reevaluation reevaluation;

    public OpsResource(CohortService cohort, PatientTimeline timeline, Reevaluation reevaluation) {
        this.cohort = cohort;
        this.timeline = timeline;
        this.reevaluation = reevaluation;
    }

    @GET
    @Path("summary")
    @Operation(summary = "The cohort at a glance", description = "Patients with an active AI episode, plans by status, "
            + "requests due in the window and overdue, no baseline DXA, antiresorptive indicated but not on one, review prompts, "
            + "data gaps by kind, DXA due per month, outbox by status, CDS calls and feedback. Example: GET /api/ops/summary?window=30d")
    public Map<String, Object> summary(@QueryParam("window") String window) {
        return cohort.summary(window);
    }

    @GET
    @Path("patients")
    @Operation(summary = "A worklist", description = "status=overdue|due-soon|no-baseline|antiresorptive-indicated|review|all "
            + "(default all), window=30d (due-soon), sort=due|name|episode-start|assessed (leading '-' reverses), page 0-based, "
            + "size 1–200. Example: GET /api/ops/patients?status=overdue&sort=due&page=0&size=50")
    public CohortService.Page patients(@QueryParam("status") String status, @QueryParam("window") String window,
            @QueryParam("sort") String sort, @QueryParam("page") String page, @QueryParam("size") String size) {
        return cohort.worklist(status, window, sort, page, size);
    }

    @GET
    @Path("patients/{id}")
    @Operation(summary = "One patient's timeline", description = "The latest assessment (assessed on, recommendations), AI "
            + "evidence, DXA results with the T-score trend, labs, plan versions with what changed, deliveries. "
            + "Example: GET /api/ops/patients/p-123")
    public Map<String, Object> patient(@PathParam("id") String id) {
        return timeline.of(id);
    }

    @POST
    @Path("patients/{id}/reassess")
    @Operation(summary = "Re-assess one patient now", description = "Queues the patient on the durable plan queue; the plan "
            + "worker re-plans it within a poll interval. 202; 404 for an unknown patient. Example: POST /api/ops/patients/p-123/reassess")
    public Response reassess(@PathParam("id") String id) {
        reevaluation.reassess(id);
        return Response.accepted(Map.of("patientId", id, "status", "queued")).build();
    }

    @POST
    @Path("reassess")
    @Operation(summary = "Re-assess every patient", description = "E.g. after a rule-set upgrade. Queues every stored patient "
            + "and returns a job (202, Location: the job); GET the job for progress. Example: POST /api/ops/reassess")
    public Response reassessAll() {
        Reevaluation.JobView job = reevaluation.reassessAll();
        return Response.accepted(job).location(java.net.URI.create("/api/ops/reassess/" + job.id())).build();
    }

    @GET
    @Path("reassess/{job}")
    @Operation(summary = "Progress of a re-assessment job", description = "total, assessed (since the job started), queued, "
            + "failing (queued with failed attempts), status running|failing|done. Example: GET /api/ops/reassess/1")
    public Reevaluation.JobView job(@PathParam("job") String job) {
        return reevaluation.job(jobId(job));
    }

    private static long jobId(String job) {
        try {
            return Long.parseLong(job);
        } catch (NumberFormatException e) {
            throw org.bonemonitor.platform.ApiProblem.notFound("job", "no re-assessment job with id " + job);
        }
    }
}

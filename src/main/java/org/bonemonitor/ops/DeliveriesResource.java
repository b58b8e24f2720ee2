package org.bonemonitor.ops;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.bonemonitor.writeback.DeliveryService;
import org.bonemonitor.writeback.DeliveryView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The write-back backlog: what is waiting, what was sent, what died; retry and discard. */
@Path("/api/ops/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ops")
public class DeliveriesResource {

    /** Body of a discard: why the operator gives the delivery up (optional). */
    public record DiscardRequest(String reason) {
    }

    private final DeliveryService deliveries;

    public DeliveriesResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    @Operation(summary = "Deliveries by status", description = "status=pending|sent|dead|discarded (absent: all), "
            + "page 0-based, size 1–200 (default 50). Pending rows in delivery order, others newest first. "
            + "Example: GET /api/ops/deliveries?status=dead&page=0&size=20")
    public DeliveryView.Page list(@QueryParam("status") String status, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return deliveries.list(status, page, size);
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Send a dead (or waiting) delivery again, due now",
            description = "A dead row goes back to pending with fresh attempts; it still waits for older rows of its patient. "
                    + "404 for an unknown id, 409 for a sent one. Example: POST /api/ops/deliveries/42/retry")
    public DeliveryView retry(@PathParam("id") String id) {
        return deliveries.retry(id);
    }

    @POST
    @Path("{id}/discard")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give up on a dead delivery",
            description = "The row is kept as discarded (with when and why) and no longer blocks the patient's later deliveries. "
                    + "Only a dead row: 409 otherwise. Example: POST /api/ops/deliveries/42/discard {\"reason\":\"EHR merged the patient\"}")
    public DeliveryView discard(@PathParam("id") String id, DiscardRequest body) {
        return deliveries.discard(id, body == null ? null : body.reason());
    }
}

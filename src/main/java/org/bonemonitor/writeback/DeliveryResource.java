package org.bonemonitor.writeback;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Operations hooks for the write-back: what is waiting, what was sent, what died, and retry. */
@Path("/api/ops/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryService deliveries;

    public DeliveryResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    /** {@code GET /api/ops/deliveries?status=dead|pending|sent&page=0&size=50}. */
    @GET
    public DeliveryView.Page list(@QueryParam("status") String status, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return deliveries.list(status, page, size);
    }

    /** {@code POST /api/ops/deliveries/{id}/retry}: queue a dead (or waiting) delivery again, due now. */
    @POST
    @Path("{id}/retry")
    public DeliveryView retry(@PathParam("id") String id) {
        return deliveries.retry(id);
    }
}

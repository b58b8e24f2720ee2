package org.bonemonitor.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.bonemonitor.cdshooks.CdsFeedbackService;

/** Ops read model of CDS Hooks feedback: {@code GET /api/ops/cds-feedback?card=&limit=}, newest first. */
@Path("/api/ops/cds-feedback")
@Produces(MediaType.APPLICATION_JSON)
public class CdsFeedbackResource {

    @Inject
    CdsFeedbackService feedback;

    @GET
    public ObjectNode list(@QueryParam("card") String card, @QueryParam("limit") String limit) {
        return feedback.list(card, limit);
    }
}

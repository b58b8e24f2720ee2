package org.bonemonitor.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** CDS Hooks 2.0: discovery, the hook services and their feedback. Every call carries the client's JWT. */
@Path("/cds-services")
@Produces(MediaType.APPLICATION_JSON)
public class CdsHooksResource {

    @Inject
    CdsHookService hooks;

    @Inject
    CdsFeedbackService feedback;

    @Inject
    CdsJwtVerifier jwt;

    @Inject
    CdsHooksConfig config;

    @GET
    public ObjectNode discovery(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        jwt.verify(authorization, audience(uri));
        return hooks.discovery();
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode call(@PathParam("id") String id, JsonNode body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        jwt.verify(authorization, audience(uri));
        return hooks.call(id, body);
    }

    @POST
    @Path("{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response feedback(@PathParam("id") String id, JsonNode body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        jwt.verify(authorization, audience(uri));
        feedback.record(id, body);
        return Response.ok().build();
    }

    /** The exact URL called: as received, or under the configured public base URL behind a proxy. */
    private String audience(UriInfo uri) {
        return config.auth().publicBaseUrl()
                .map(base -> base.toString().replaceAll("/+$", "") + uri.getAbsolutePath().getRawPath())
                .orElseGet(() -> uri.getAbsolutePath().toString());
    }
}

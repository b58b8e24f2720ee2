package org.bonemonitor.cdshooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** CDS Hooks 2.0: discovery, the hook services and their feedback. Every call carries the client's JWT (checked by a filter). */
@Path("/cds-services")
@Produces(MediaType.APPLICATION_JSON)
@CdsClientAuthenticated
public class CdsHooksResource {

    @Inject
    CdsHookService hooks;

    @Inject
    CdsFeedbackService feedback;

    private final ObjectReader strict;

    @Inject
    public CdsHooksResource(ObjectMapper mapper) {
        // one JSON document and nothing after it; a key given twice is refused (as on /fhir)
        strict = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @GET
    public ObjectNode discovery() {
        return hooks.discovery();
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode call(@PathParam("id") String id, InputStream body) {
        return hooks.call(id, read(body));
    }

    @POST
    @Path("{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response feedback(@PathParam("id") String id, InputStream body) {
        feedback.record(id, read(body));
        return Response.ok().build();
    }

    private JsonNode read(InputStream body) {
        try {
            JsonNode node = strict.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw CdsException.badRequest("the request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw CdsException.badRequest("the request body is not one well-formed JSON document: "
                    + e.getOriginalMessage().replaceAll("[\\r\\n]+", " "));
        } catch (IOException e) {
            throw CdsException.badRequest("the request body could not be read");
        }
    }
}

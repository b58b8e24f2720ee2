package org.bonemonitor.writeback;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The write-back package's one exception mapping: RFC 9457 problem details, never a stack trace. */
public class WritebackExceptionMappers {

    static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(WritebackException e, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://bone-monitor.org/problems/" + e.type());
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        body.put("instance", uri.getPath());
        return Response.status(e.status()).type(PROBLEM_JSON).entity(body).build();
    }
}

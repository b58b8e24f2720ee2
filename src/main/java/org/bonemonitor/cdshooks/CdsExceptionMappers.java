package org.bonemonitor.cdshooks;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** CDS errors as a small JSON body; 401 with none. */
public class CdsExceptionMappers {

    private static final Logger LOG = Logger.getLogger(CdsExceptionMappers.class);

    @ServerExceptionMapper
    public Response cds(CdsException e) {
        if (e.status() == 401) {
            LOG.infof("CDS Hooks call refused: %s", e.getMessage());
            return Response.status(401).header("WWW-Authenticate", "Bearer").build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("message", e.getMessage());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}

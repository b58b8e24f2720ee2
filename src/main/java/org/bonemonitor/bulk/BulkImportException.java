package org.bonemonitor.bulk;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused bulk-import request, answered as RFC 9457 problem details ({@link Mapper}). */
public abstract class BulkImportException extends RuntimeException {

    private final int status;
    private final String type;

    BulkImportException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    /** Pulling from the EHR is switched off (409). */
    static final class Disabled extends BulkImportException {
        Disabled() {
            super(409, "bulk-disabled", "pulling from the EHR is off: set bone-monitor.bulk.enabled=true and the EHR base URL");
        }
    }

    /** An export is already running (409); its id is in the detail. */
    static final class Running extends BulkImportException {
        Running(long id) {
            super(409, "bulk-running", "bulk import " + id + " is still running: see /api/ops/bulk-imports/" + id);
        }
    }

    static final class NotFound extends BulkImportException {
        NotFound(Object id) {
            super(404, "bulk-not-found", "no bulk import with id " + id);
        }
    }

    static final class Invalid extends BulkImportException {
        Invalid(String message) {
            super(400, "invalid-request", message);
        }
    }

    int status() {
        return status;
    }

    public static class Mapper {
        @ServerExceptionMapper
        public Response problem(BulkImportException e, UriInfo uri) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "https://bone-monitor.org/problems/" + e.type);
            body.put("title", Response.Status.fromStatusCode(e.status).getReasonPhrase());
            body.put("status", e.status);
            body.put("detail", e.getMessage());
            body.put("instance", uri.getPath());
            return Response.status(e.status).type("application/problem+json").entity(body).build();
        }
    }
}

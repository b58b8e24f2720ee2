package org.bonemonitor.fhir;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose decoded path or query holds a NUL or another C0 control character, before
 * any of it reaches the database (PostgreSQL refuses NUL in text: that was a 500) or a log line.
 */
public class UriGuard {

    @ServerRequestFilter(preMatching = true)
    public void refuseControlCharacters(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (hasControl(path)) {
            throw FhirException.invalid("The URL path holds a control character (such as %00): ids never do");
        }
        java.util.Map<String, java.util.List<String>> query;
        try {
            query = request.getUriInfo().getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw FhirException.invalid("The query string is not well-formed (a '%' must start a %XX escape)");
        }
        for (var param : query.entrySet()) {
            if (hasControl(param.getKey()) || param.getValue().stream().anyMatch(UriGuard::hasControl)) {
                throw FhirException.invalid("Query parameter '" + param.getKey().replaceAll("\\p{Cntrl}", "?")
                        + "' holds a control character (such as %00)");
            }
        }
    }

    static boolean hasControl(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}

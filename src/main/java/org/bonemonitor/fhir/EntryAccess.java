package org.bonemonitor.fhir;

import org.bonemonitor.security.Caller;
import org.bonemonitor.security.SmartScopes.Interaction;
import org.hl7.fhir.r4.model.Bundle;

/** The scope check of one transaction or batch entry: its method and request.url name the interaction and type. */
final class EntryAccess {

    private EntryAccess() {
    }

    /** @throws org.bonemonitor.security.AccessDenied 403 when the caller may not perform this entry */
    static void check(Caller caller, Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        String url = request.getUrl();
        if (request.getMethod() == null || url == null) {
            return; // refused as malformed by the ingest engine
        }
        url = url.startsWith("/") ? url.substring(1) : url;
        int end = 0;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        String type = url.substring(0, end);
        boolean instance = end < url.length() && url.charAt(end) == '/';
        Interaction interaction = switch (request.getMethod()) {
            case POST -> Interaction.CREATE;
            case PUT, PATCH -> Interaction.UPDATE;
            case DELETE -> Interaction.DELETE;
            case GET, HEAD -> instance ? Interaction.READ : Interaction.SEARCH;
            default -> null;
        };
        if (interaction != null && !type.isEmpty()) {
            caller.require(type, interaction);
        }
    }
}

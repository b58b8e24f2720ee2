package org.bonemonitor.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller of the current request, as the access filters established it; {@link Caller#SYSTEM} for the service's own work. */
@ApplicationScoped
public class CurrentCaller {

    /** Set once per request by a filter. */
    @RequestScoped
    static class Holder {
        Caller caller;
    }

    @Inject
    Holder holder;

    public Caller get() {
        if (!Arc.container().requestContext().isActive()) {
            return Caller.SYSTEM;
        }
        Caller caller = holder.caller;
        // scheduled work runs with a request context too, but no filter has set a caller
        return caller == null ? Caller.SYSTEM : caller;
    }

    /** For the CDS Hooks filter, whose clients authenticate with their own JWT scheme. */
    public void set(Caller caller) {
        holder.caller = caller;
    }
}

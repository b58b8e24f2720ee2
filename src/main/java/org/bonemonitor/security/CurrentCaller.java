package org.bonemonitor.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller of the current request, as the access filters established it; {@link Caller#SYSTEM} outside a request. */
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
        return caller == null ? Caller.unauthenticated(null) : caller;
    }

    /** For the CDS Hooks filter, whose clients authenticate with their own JWT scheme. */
    public void set(Caller caller) {
        holder.caller = caller;
    }
}

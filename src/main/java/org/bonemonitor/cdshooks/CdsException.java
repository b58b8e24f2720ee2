package org.bonemonitor.cdshooks;

/** A CDS Hooks call that cannot be answered; the status is the HTTP status returned. */
public class CdsException extends RuntimeException {

    private final int status;
    private final String error;
    private final String rejection;

    CdsException(int status, String error, String message) {
        this(status, error, message, null);
    }

    private CdsException(int status, String error, String message, String rejection) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.rejection = rejection;
    }

    static CdsException badRequest(String message) {
        return new CdsException(400, "bad-request", message);
    }

    /**
     * 401 with no detail: the reason is logged (never the token), not returned.
     *
     * @param rejection the metric label: one of a fixed set, never request data
     * @param logReason what the log says
     */
    static CdsException unauthorized(CdsJwtVerifier.Rejection rejection, String logReason) {
        return new CdsException(401, "unauthorized", logReason, rejection.label());
    }

    static CdsException unknownService(String id) {
        return new CdsException(404, "not-found", "no CDS service '" + id + "'");
    }

    /** The spec's 412: the data needed (here: the Patient) could not be had through prefetch or the FHIR server. */
    static CdsException preconditionFailed(String message) {
        return new CdsException(412, "precondition-failed", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The JWT rejection reason of a 401 (a fixed label), else null. */
    public String rejection() {
        return rejection;
    }
}

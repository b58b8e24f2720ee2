package org.bonemonitor.cdshooks;

/** A CDS Hooks call that cannot be answered; the status is the HTTP status returned. */
public class CdsException extends RuntimeException {

    private final int status;
    private final String error;

    CdsException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    static CdsException badRequest(String message) {
        return new CdsException(400, "bad-request", message);
    }

    /** 401 with no detail: the reason is logged (never the token), not returned. */
    static CdsException unauthorized(String logReason) {
        return new CdsException(401, "unauthorized", logReason);
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
}

package org.bonemonitor.writeback;

import org.bonemonitor.platform.ApiProblem;

/** A problem of the deliveries API, answered as {@code application/problem+json} by the ops API's one mapping. */
public abstract class WritebackException extends ApiProblem {

    protected WritebackException(int status, String type, String title, String message) {
        super(status, type, title, message);
    }

    /** No delivery with that id (404). */
    public static final class DeliveryNotFound extends WritebackException {
        public DeliveryNotFound(String id) {
            super(404, "delivery-not-found", "Delivery not found", "no delivery with id " + id);
        }
    }

    /** The delivery is in a state that forbids the action (409). */
    public static final class DeliveryConflict extends WritebackException {
        public DeliveryConflict(String message) {
            super(409, "delivery-conflict", "Delivery state conflict", message);
        }
    }

    /** A query parameter is invalid (400). */
    public static final class InvalidQuery extends WritebackException {
        public InvalidQuery(String message) {
            super(400, "invalid-request", "Invalid request", message);
        }
    }
}

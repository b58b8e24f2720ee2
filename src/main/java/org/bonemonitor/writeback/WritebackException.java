package org.bonemonitor.writeback;

/**
 * A problem the operations API reports as {@code application/problem+json}; the one table from
 * problem to HTTP status lives in the subclasses, the one mapping in {@link WritebackExceptionMappers}.
 */
public abstract class WritebackException extends RuntimeException {

    protected WritebackException(String message) {
        super(message);
    }

    /** HTTP status. */
    public abstract int status();

    /** Short, stable problem title. */
    public abstract String title();

    /** The last part of the problem type URI. */
    public abstract String type();

    /** No delivery with that id (404). */
    public static final class DeliveryNotFound extends WritebackException {
        public DeliveryNotFound(String id) {
            super("no delivery with id " + id);
        }

        @Override public int status() { return 404; }
        @Override public String title() { return "Delivery not found"; }
        @Override public String type() { return "delivery-not-found"; }
    }

    /** The delivery is in a state that forbids the action (409). */
    public static final class DeliveryConflict extends WritebackException {
        public DeliveryConflict(String message) {
            super(message);
        }

        @Override public int status() { return 409; }
        @Override public String title() { return "Delivery state conflict"; }
        @Override public String type() { return "delivery-conflict"; }
    }

    /** A query parameter is invalid (400). */
    public static final class InvalidQuery extends WritebackException {
        public InvalidQuery(String message) {
            super(message);
        }

        @Override public int status() { return 400; }
        @Override public String title() { return "Invalid request"; }
        @Override public String type() { return "invalid-request"; }
    }
}

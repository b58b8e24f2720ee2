package org.bonemonitor.platform;

/**
 * An error of the ops API ({@code /api/ops}), answered as RFC 9457 {@code application/problem+json}
 * in one shape ({@link ProblemDetails}). Features throw it (or a subclass) with the HTTP status that
 * the STYLE.md table gives: invalid → 400, not found → 404, conflict → 409, business rule → 422.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ApiProblem(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail);
    }

    public static ApiProblem notFound(String what, String detail) {
        return new ApiProblem(404, what + "-not-found", capitalised(what) + " not found", detail);
    }

    public static ApiProblem conflict(String what, String detail) {
        return new ApiProblem(409, what + "-conflict", capitalised(what) + " state conflict", detail);
    }

    private static String capitalised(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1).replace('-', ' ');
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** The last part of the problem type URI, e.g. {@code delivery-not-found}. */
    public String type() {
        return type;
    }

    /** Short, stable title. */
    public String title() {
        return title;
    }
}

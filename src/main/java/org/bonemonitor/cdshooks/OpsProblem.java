package org.bonemonitor.cdshooks;

/** An error of the ops API, returned as RFC 9457 {@code application/problem+json}. */
public class OpsProblem extends RuntimeException {

    private final int status;
    private final String title;

    OpsProblem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    static OpsProblem badRequest(String detail) {
        return new OpsProblem(400, "Bad Request", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}

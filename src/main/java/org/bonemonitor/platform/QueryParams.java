package org.bonemonitor.platform;

/** Query parameters of the ops API, checked the same way everywhere (a 400 problem naming the parameter). */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code value} as an integer from {@code min} to {@code max}; {@code fallback} when absent or blank. */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(name + " must be an integer from " + min + " to " + max);
    }
}

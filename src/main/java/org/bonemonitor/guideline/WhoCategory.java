package org.bonemonitor.guideline;

/** A3 WHO category of the current T-score. */
public enum WhoCategory {
    NORMAL("normal"), OSTEOPENIA("osteopenia"), OSTEOPOROSIS("osteoporosis"), UNKNOWN("unknown");

    private final String code;

    WhoCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

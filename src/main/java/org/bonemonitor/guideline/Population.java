package org.bonemonitor.guideline;

/** D6 populations. */
public enum Population {
    POSTMENOPAUSAL("postmenopausal"), PREMENOPAUSAL_OFS("premenopausal-ofs"), MALE("male");

    private final String code;

    Population(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

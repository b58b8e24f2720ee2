package org.bonemonitor.guideline;

/** DXA measurement sites (A1). {@code UNSPECIFIED} is LOINC 38265-5 used as a generic T-score. */
public enum DxaSite {
    SPINE("spine", "lumbar spine"),
    TOTAL_HIP("total-hip", "total hip"),
    FEMORAL_NECK("femoral-neck", "femoral neck"),
    FOREARM("forearm", "forearm"),
    UNSPECIFIED("unspecified", "unspecified site");

    private final String code;
    private final String label;

    DxaSite(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The site suffix of the codes.csv groups ({@code dxa-tscore-<code>}). */
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public boolean isCentral() {
        return this == SPINE || this == TOTAL_HIP || this == FEMORAL_NECK;
    }

    public static java.util.Optional<DxaSite> ofCode(String code) {
        return java.util.Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}

package org.bonemonitor.guideline;

/** A4 risk factors [HADJI-2017]. */
public enum RiskFactor {
    RF1("T-score below -1.5"),
    RF2("age over 65"),
    RF3("BMI below 20 kg/m2"),
    RF4("family history of hip fracture"),
    RF5("personal fragility fracture at age 50 or over"),
    RF6("oral glucocorticoids for more than 6 months"),
    RF7("smoking, current or former");

    private final String label;

    RiskFactor(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

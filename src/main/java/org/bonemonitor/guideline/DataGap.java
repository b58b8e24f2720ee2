package org.bonemonitor.guideline;

/** A8: an input a rule wanted and did not find. {@code input} is one of the A8 names (§5, §6). */
public record DataGap(String input, Rule rule, String reason) {
    public static final String DXA = "DXA";
    public static final String BMI = "BMI";
    public static final String SMOKING_STATUS = "smoking status";
    public static final String VITAMIN_D = "25-OH vitamin D";
    public static final String BIRTH_DATE = "birth date";
    public static final String GENDER = "gender";

    public String ruleId() {
        return rule.id();
    }
}

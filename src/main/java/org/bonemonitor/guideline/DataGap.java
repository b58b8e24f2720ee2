package org.bonemonitor.guideline;

/** A8: an input a rule wanted and did not find. {@code input} is one of the six §5 A8 names. */
public record DataGap(String input, String ruleId, String reason) {
    public static final String DXA = "DXA";
    public static final String BMI = "BMI";
    public static final String SMOKING_STATUS = "smoking status";
    public static final String VITAMIN_D = "25-OH vitamin D";
    public static final String BIRTH_DATE = "birth date";
    public static final String GENDER = "gender";
}

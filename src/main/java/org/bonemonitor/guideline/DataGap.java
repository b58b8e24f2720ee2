package org.bonemonitor.guideline;

/** A8: an input a rule wanted and did not find. {@code input} is one of the A8 names (§5, §6). */
public record DataGap(String input, Rule rule, String reason) {
    public static final String DXA = "DXA";
    public static final String BMI = "BMI";
    public static final String SMOKING_STATUS = "smoking status";
    public static final String VITAMIN_D = "25-OH vitamin D";
    public static final String BIRTH_DATE = "birth date";
    public static final String GENDER = "gender";
    /** §6 D3: AI evidence without any date. */
    public static final String THERAPY_DATES = "therapy-dates";
    /** §6 D4: the episode is active, unconfirmed (the latest order's end is unknown). */
    public static final String THERAPY_END = "therapy-end";
    /** §6 D8: no breast-cancer diagnosis on record — confirm the indication. */
    public static final String INDICATION = "indication";
    /** §6 A1/A2: the latest DXA is on record without readable values. */
    public static final String DXA_VALUES = "dxa-values";
    /** §6 A4 RF5: a fracture without onset (or recorded date). */
    public static final String FRACTURE_DATE = "fracture-date";
    /** §6 A5: two exams could not be compared (different devices, more than 24 months apart). */
    public static final String DXA_COMPARABILITY = "dxa-comparability";

    public String ruleId() {
        return rule.id();
    }
}

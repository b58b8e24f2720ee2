package org.bonemonitor.terminology;

import java.util.List;

/** The group names of {@code codes.csv} that the rules refer to (RULES.md names them). */
public final class Groups {

    private Groups() {
    }

    public static final String AI_ANASTROZOLE = "ai-anastrozole";
    public static final String AI_LETROZOLE = "ai-letrozole";
    public static final String AI_EXEMESTANE = "ai-exemestane";
    public static final List<String> AROMATASE_INHIBITORS = List.of(AI_ANASTROZOLE, AI_LETROZOLE, AI_EXEMESTANE);
    public static final String TAMOXIFEN = "tamoxifen";
    public static final String GNRH_AGONIST = "gnrh-agonist";
    public static final String BISPHOSPHONATE = "bisphosphonate";
    public static final String DENOSUMAB_60 = "denosumab-60";
    public static final String DENOSUMAB_120 = "denosumab-120";
    public static final String RALOXIFENE = "raloxifene";
    public static final String GLUCOCORTICOID = "glucocorticoid";
    public static final String LONG_TERM_STEROIDS = "long-term-steroids";
    public static final String TESTOSTERONE = "testosterone";
    public static final String ANABOLIC = "anabolic";
    public static final String ESTROGEN_SYSTEMIC = "estrogen-systemic";
    /** Medication groups, in the order a multi-group concept is resolved. */
    public static final List<String> MEDICATION_GROUPS = List.of(DENOSUMAB_120, AI_ANASTROZOLE, AI_LETROZOLE,
            AI_EXEMESTANE, TAMOXIFEN, GNRH_AGONIST, BISPHOSPHONATE, DENOSUMAB_60, ANABOLIC, RALOXIFENE, ESTROGEN_SYSTEMIC,
            GLUCOCORTICOID, TESTOSTERONE);

    public static final String DXA_PREFIX = "dxa-";
    public static final String DXA_TSCORE_PREFIX = "dxa-tscore-";
    public static final String DXA_ZSCORE_PREFIX = "dxa-zscore-";
    public static final String DXA_BMD_PREFIX = "dxa-bmd-";

    public static final String LAB_25OHD = "lab-25ohd";
    public static final String LAB_CALCIUM = "lab-calcium";
    public static final String LAB_CREATININE = "lab-creatinine";
    public static final String LAB_EGFR = "lab-egfr";
    public static final String LAB_ESTRADIOL = "lab-estradiol";
    public static final String LAB_PTH = "lab-pth";
    public static final String BMI = "bmi";
    public static final String BODY_WEIGHT = "body-weight";
    public static final String BODY_HEIGHT = "body-height";
    public static final String SMOKING_STATUS = "smoking-status";
    public static final String SMOKER_CURRENT = "smoker-current";
    public static final String SMOKER_FORMER = "smoker-former";
    public static final String SMOKER_NEVER = "smoker-never";
    public static final String SMOKER_UNKNOWN = "smoker-unknown";
    public static final String AUDIT_C_TOTAL = "audit-c-total";
    public static final String POSTMENOPAUSAL = "postmenopausal";
    public static final String PREMENOPAUSAL = "premenopausal";
    public static final String BREAST_CANCER = "breast-cancer";
    public static final String BONE_METASTASIS = "bone-metastasis";
    public static final String FAMILY_HIP_FRACTURE = "family-hip-fracture";
    public static final String FRACTURE_HIP = "fracture-hip";
    public static final String FRACTURE_VERTEBRAL = "fracture-vertebral";
    public static final String FRACTURE_WRIST = "fracture-wrist";
    public static final String OOPHORECTOMY = "oophorectomy";
    public static final String FRACTURE_PREFIX = "fracture-";
    public static final String OSTEOPOROTIC_FRACTURE = "osteoporotic-fracture";
    public static final String OSTEOPOROSIS = "osteoporosis";
    public static final String OSTEOPENIA = "osteopenia";
    public static final String DENTAL_EXAM = "dental-exam";
    public static final String PROCEDURE_DXA = "procedure-dxa";
    public static final String REASON_AI_LONG_TERM_USE = "reason-ai-long-term-use";
    public static final String CAREPLAN_CATEGORY = "careplan-category";
    public static final String SERVICEREQUEST_CATEGORY = "servicerequest-category";
    /** The project's recommendation CodeSystem. */
    public static final String REC = "rec";
    public static final String ORDER_PREFIX = "order-";
    public static final String PRODUCT_ANTIRESORPTIVE = "product-antiresorptive";
}

package org.bonemonitor.guideline;

import java.util.List;

/**
 * The rule metadata of RULES.md (rule set {@code aibl} 2026.2): id, trigger, recommendation and
 * sources. The README's rules table is generated from this enum (a test keeps them in step).
 */
public enum Rule {
    D1("medication coded in an ai-* group, else named (whole word) when no coding matches any group", "-", ""),
    D2("MedicationStatement/Request/Administration/Dispense evidence, excluding entered-in-error, not-taken, cancelled, declined, not-done, draft (unless a CDS Hooks draft order) and proposal/plan intents", "-", ""),
    D3("start = first present date (partial dates take their first day); end = period end, validity end, start + bounds duration or supply x (1 + repeats) (calendar months), dispense = handover + days supply (30 without); dateless evidence adds no dates (gap therapy-dates)", "-", ""),
    D4("AI evidence with gaps of at most 180 days forms one episode; active while any evidence is ongoing; a finished order with an unknown end started within 5 years keeps it active, unconfirmed", "confirm-therapy (gap therapy-end)", ""),
    D5("episode started within 180 days, or starting in the future", "new start (else ongoing)", ""),
    D6("male; female with GnRH agonist in 6 months, bilateral oophorectomy, or premenopausal record; otherwise female", "population male / premenopausal-ofs / postmenopausal; premenopausal without suppression: ovarian-suppression-check (urgent), lab-estradiol unless one in 3 months", "HADJI-2017, ASCO-2019"),
    D7("denosumab 120 mg (Xgeva and biosimilars, 70 MG/ML, 1.7 ML) or bone-metastasis condition, not dated after the evaluation date", "out of scope, no plan", ""),
    D8("under 18; an ended course under 90 days; no breast-cancer diagnosis on record", "out of scope / no E1 / data gap indication", ""),
    A1("DXA Observations final/amended/corrected; exams grouped within 30 days; a DXA Procedure/DiagnosticReport without values is an exam without values (gap dxa-values)", "-", "ISCD"),
    A2("exams from 12 months before the episode start", "baseline exam", "HADJI-2017"),
    A3("lowest counted T-score of the latest exam within 24 months; T <= -2.5 once in the episode (or an osteoporosis condition) stays a T1 trigger", "WHO category", "HADJI-2017"),
    A4("RF1 T < -1.5, RF2 age > 65, RF3 BMI < 20, RF4 parental hip fracture, RF5 fragility fracture at >= 50, RF6 glucocorticoids > 182 days in 2 years, RF7 current/former smoker", "risk factors", "HADJI-2017"),
    A5("BMD fall of at least the LSC (spine 5.3 %, total hip 5.0 %, femoral neck 6.9 %) at any shared code between the last two exams, at most 24 months apart on the same device", "significant-loss (else gap dxa-comparability)", "ISCD"),
    A6("bone-directed therapy active, or within its window after the latest dose: denosumab / zoledronic acid 4 mg 7 months, zoledronic acid 5 mg 13, IV ibandronate 4, oral and anabolic 1; unknown regimen or Z79.83 13 months", "on-antiresorptive; antiresorptive-review for an unknown regimen", "HADJI-2017"),
    A7("25-OH vitamin D (totals before D3 + D2) < 20 / < 30 ng/mL; calcium below range or < 8.5 mg/dL; eGFR (else CKD-EPI 2021 from creatinine) < 35 / < 30", "vitamin D, calcium and renal status", "ENDO-2011, PROLIA-LABEL, CKD-EPI-2021"),
    A8("DXA, BMI, smoking status, vitamin D, birth date or gender missing", "data gaps", ""),
    A9("significant loss or a new fracture while on antiresorptive therapy; or significant loss the only T1 trigger with a normal category", "bone-loss-review", "HADJI-2017"),
    M1("active episode, no episode exam", "dxa-baseline at the episode start (or now)", "HADJI-2017"),
    M2("active episode with an episode exam", "dxa-followup 12 months after the latest exam (first exam, RF1, significant loss, premenopausal-ofs), else 24 months", "HADJI-2017, ASCO-2019"),
    M3("no 25-OH vitamin D within 12 months", "lab-vitamin-d now", "ENDO-2011, HADJI-2017"),
    M4("no serum calcium within 12 months", "lab-calcium now", "HADJI-2017"),
    M5("vitamin D deficient", "vitamin-d-repletion; lab-vitamin-d 3 months after the result", "ENDO-2011"),
    M6("every active episode", "calcium-vitamin-d", "ASCO-2019, HADJI-2017, SEEDS"),
    M7("every active episode", "exercise (supervised, no high impact with osteoporosis or RF5)", "SEEDS, ASCO-2019"),
    M8("current smoker", "smoking-cessation", "SEEDS"),
    M9("AUDIT-C >= 4 (women) / >= 5 (men) within 12 months", "alcohol-moderation", "SEEDS"),
    M10("RF2 or RF5 present", "fall-prevention", "SEEDS"),
    T1("not protected and T < -2.0, >= 2 risk factors, RF5 or significant loss (premenopausal-ofs also Z < -2.0; men T <= -2.5, RF5 or significant loss); denosumab only with eGFR < 35", "antiresorptive", "HADJI-2017, ASCO-2019, ECTS-2021"),
    T2("T1 fired", "dental-exam (unless one in 12 months); lab-creatinine (unless eGFR/creatinine in 3 months)", "MRONJ-2019, PROLIA-LABEL"),
    T3("T1 fired and eGFR < 35, calcium low or vitamin D deficient", "antiresorptive-precautions", "PROLIA-LABEL"),
    T4("denosumab 60 mg in 18 months and last dose > 7 months ago, stopped / completed statement, or AI episode ended (any episode age)", "denosumab-transition (urgent, critical card)", "ECTS-2021"),
    T5("postmenopausal or premenopausal-ofs, invasive breast cancer, episode started within 12 months, not protected", "adjuvant-bisphosphonate", "EBCTCG-2015, ASCO-OH-2017, HADJI-2017"),
    T6("active raloxifene, systemic estrogen or tibolone during an active episode", "confirm-therapy", ""),
    P1("male on anastrozole", "lab-estradiol 6 months after the last (or now)", "MEN-2009, SEEDS"),
    E1("episode ended within 24 months, at least 90 days of exposure (D8)", "dxa-followup 12 months after the end unless the last category was normal", "SEEDS");

    private final String trigger;
    private final String recommendation;
    private final List<String> sources;

    Rule(String trigger, String recommendation, String sources) {
        this.trigger = trigger;
        this.recommendation = recommendation;
        this.sources = sources.isBlank() ? List.of() : List.of(sources.split(",\\s*"));
    }

    public String id() {
        return name();
    }

    public String trigger() {
        return trigger;
    }

    public String recommendation() {
        return recommendation;
    }

    public List<String> sources() {
        return sources;
    }

    /** The README's rules table (markdown), generated from this enum. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("Rule set `").append(BoneHealthRules.RULE_SET_ID).append("` version `").append(BoneHealthRules.RULE_SET_VERSION)
                .append("` (generated from `org.bonemonitor.guideline.Rule`; `RuleTableTest` keeps it in step).\n\n");
        sb.append("| id | trigger | recommendation | source |\n| --- | --- | --- | --- |\n");
        for (Rule r : values()) {
            sb.append("| ").append(r.id()).append(" | ").append(r.trigger().replace("|", "\\|")).append(" | ")
                    .append(r.recommendation().replace("|", "\\|")).append(" | ")
                    .append(r.sources().isEmpty() ? "RULES.md" : String.join(", ", r.sources())).append(" |\n");
        }
        return sb.toString();
    }
}

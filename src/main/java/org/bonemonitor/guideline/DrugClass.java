package org.bonemonitor.guideline;

import java.util.Arrays;
import java.util.Optional;
import org.bonemonitor.terminology.Groups;

/** The medication groups of codes.csv that the rules read (D1: recognised by code, else by name). */
public enum DrugClass {
    ANASTROZOLE(Groups.AI_ANASTROZOLE, "anastrozole"),
    LETROZOLE(Groups.AI_LETROZOLE, "letrozole"),
    EXEMESTANE(Groups.AI_EXEMESTANE, "exemestane"),
    TAMOXIFEN(Groups.TAMOXIFEN, "tamoxifen"),
    GNRH_AGONIST(Groups.GNRH_AGONIST, "GnRH agonist"),
    BISPHOSPHONATE(Groups.BISPHOSPHONATE, "bisphosphonate"),
    DENOSUMAB_60(Groups.DENOSUMAB_60, "denosumab 60 mg"),
    DENOSUMAB_120(Groups.DENOSUMAB_120, "denosumab 120 mg"),
    ANABOLIC(Groups.ANABOLIC, "anabolic bone agent"),
    RALOXIFENE(Groups.RALOXIFENE, "raloxifene"),
    ESTROGEN_SYSTEMIC(Groups.ESTROGEN_SYSTEMIC, "systemic estrogen / tibolone"),
    GLUCOCORTICOID(Groups.GLUCOCORTICOID, "systemic glucocorticoid"),
    TESTOSTERONE(Groups.TESTOSTERONE, "testosterone");

    private final String group;
    private final String label;

    DrugClass(String group, String label) {
        this.group = group;
        this.label = label;
    }

    /** The codes.csv group. */
    public String group() {
        return group;
    }

    public String label() {
        return label;
    }

    public boolean isAromataseInhibitor() {
        return this == ANASTROZOLE || this == LETROZOLE || this == EXEMESTANE;
    }

    public static Optional<DrugClass> ofGroup(String group) {
        return Arrays.stream(values()).filter(d -> d.group.equals(group)).findFirst();
    }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.terminology.Groups;

/**
 * A6 (§5, §6): is the patient already on bone-directed therapy? Each regimen protects while active,
 * else for its own window after the latest dose — even when that predates the episode. Raloxifene is
 * noted, never counted.
 */
final class ProtectionRule {

    /** A6 [ECTS-2021; labels]: denosumab 60 mg and zoledronic acid 4 mg (every 6 months) protect 7 months after the latest dose. */
    static final int SIX_MONTHLY_MONTHS = 7;
    /** §6 A6: zoledronic acid 5 mg (yearly) protects 13 months after the latest dose. */
    static final int YEARLY_MONTHS = 13;
    /** §6 A6: IV ibandronate (every 3 months) protects 4 months after the latest dose. */
    static final int IV_IBANDRONATE_MONTHS = 4;
    /** A6: oral bisphosphonates and anabolic agents protect 1 month after the end of the latest supply. */
    static final int ORAL_MONTHS = 1;
    /** §6 A6: a regimen that cannot be told, and an active Z79.83 Condition, protect 13 months (and are reviewed). */
    static final int UNKNOWN_MONTHS = 13;

    private ProtectionRule() {
    }

    static int windowMonths(MedicationEvidence.Regimen regimen) {
        return switch (regimen) {
            case DENOSUMAB_60, ZOLEDRONIC_ACID_4MG -> SIX_MONTHLY_MONTHS;
            case ZOLEDRONIC_ACID_5MG -> YEARLY_MONTHS;
            case IV_IBANDRONATE -> IV_IBANDRONATE_MONTHS;
            case ORAL_BISPHOSPHONATE, ANABOLIC -> ORAL_MONTHS;
            case UNKNOWN, NONE -> UNKNOWN_MONTHS;
        };
    }

    /**
     * The date the window runs from: the end of the latest supply for oral and anabolic agents; for
     * injected ones the latest dose — an administration's or handover's date, a finished statement's end
     * (§6), else the start.
     */
    static LocalDate anchor(MedicationEvidence e, LocalDate asOf) {
        boolean daily = e.regimen() == MedicationEvidence.Regimen.ORAL_BISPHOSPHONATE || e.regimen() == MedicationEvidence.Regimen.ANABOLIC;
        return switch (e.source()) {
            case DISPENSE -> daily ? TherapyEpisodes.latestDate(e, asOf) : e.handedOver().orElse(TherapyEpisodes.start(e, asOf));
            case STATEMENT -> TherapyEpisodes.latestDate(e, asOf);
            case ADMINISTRATION -> TherapyEpisodes.start(e, asOf);
            case REQUEST -> daily ? TherapyEpisodes.latestDate(e, asOf) : TherapyEpisodes.start(e, asOf);
        };
    }

    static Protection of(PatientSnapshot s, List<MedicationEvidence> exposures) {
        LocalDate asOf = s.asOf();
        boolean raloxifene = exposures.stream().anyMatch(e -> e.drug() == DrugClass.RALOXIFENE && TherapyEpisodes.ongoing(e, asOf));
        List<String> ids = new ArrayList<>();
        List<String> why = new ArrayList<>();
        List<String> review = new ArrayList<>();
        List<LocalDate> starts = new ArrayList<>();
        for (MedicationEvidence e : exposures) {
            if (e.drug() != DrugClass.BISPHOSPHONATE && e.drug() != DrugClass.DENOSUMAB_60 && e.drug() != DrugClass.ANABOLIC
                    || TherapyEpisodes.dateless(e) && !TherapyEpisodes.datelessOngoing(e)) {
                continue;
            }
            boolean active = TherapyEpisodes.ongoing(e, asOf);
            LocalDate last = anchor(e, asOf);
            int months = windowMonths(e.regimen());
            if (active || !last.isBefore(asOf.minusMonths(months))) {
                ids.add(e.sourceId());
                starts.add(TherapyEpisodes.start(e, asOf));
                why.add(e.drug().label() + " (" + regimenLabel(e.regimen()) + ")" + (active ? " active (" : " last given " + last
                        + ", protects " + months + " months (") + e.sourceId() + ")");
                if (e.regimen() == MedicationEvidence.Regimen.UNKNOWN) {
                    review.add(e.sourceId());
                }
            }
        }
        // §6 A6: an active Z79.83 Condition (long-term use of bisphosphonates) dated within 13 months, or undated
        for (ConditionFact c : s.conditions()) {
            if (!c.in(Groups.BISPHOSPHONATE) || !c.isActive() || c.after(asOf)
                    || c.date().map(d -> d.isBefore(asOf.minusMonths(UNKNOWN_MONTHS))).orElse(false)) {
                continue;
            }
            ids.add(c.sourceId());
            review.add(c.sourceId());
            c.date().ifPresent(starts::add);
            why.add("long-term bisphosphonate use recorded (" + c.sourceId() + ")");
        }
        String ral = raloxifene ? "; raloxifene noted, not counted" : "";
        if (ids.isEmpty()) {
            return new Protection(false, "not on antiresorptive therapy" + ral, List.of(), raloxifene);
        }
        return new Protection(true, "on-antiresorptive: " + String.join("; ", why.stream().sorted().toList()) + ral,
                ids.stream().distinct().sorted().toList(), raloxifene, review.stream().distinct().sorted().toList(),
                starts.stream().min(Comparator.naturalOrder()));
    }

    static String regimenLabel(MedicationEvidence.Regimen r) {
        return switch (r) {
            case DENOSUMAB_60 -> "denosumab 60 mg every 6 months";
            case ZOLEDRONIC_ACID_4MG -> "zoledronic acid 4 mg";
            case ZOLEDRONIC_ACID_5MG -> "zoledronic acid 5 mg yearly";
            case IV_IBANDRONATE -> "IV ibandronate";
            case ORAL_BISPHOSPHONATE -> "oral";
            case ANABOLIC -> "anabolic";
            case UNKNOWN, NONE -> "regimen not recorded";
        };
    }

}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * T4 (§5, §6): never stop denosumab without follow-on therapy [ECTS-2021]. Applies whatever the AI
 * episode's state or age and whatever A6 says.
 */
final class DenosumabRule {

    /** T4 (*service default*): denosumab given within this many months is followed up. */
    static final int T4_GIVEN_WITHIN_MONTHS = 18;
    /** T4 [ECTS-2021]: a dose is late when the last one was more than 7 calendar months ago. */
    static final int T4_DOSE_INTERVAL_MONTHS = 7;

    private DenosumabRule() {
    }

    /** Why the transition is due (empty when on schedule), with the denosumab records and the last dose. */
    record Transition(List<String> why, List<String> ids, Optional<LocalDate> lastDose) {
    }

    /**
     * §6 T4: "last dose" is the latest administration or dispense date, or a statement's end (else
     * start); request dates count only when there is no administration, dispense or statement.
     */
    static Optional<LocalDate> lastDose(List<MedicationEvidence> dmab, LocalDate asOf) {
        List<MedicationEvidence> doses = dmab.stream().filter(e -> e.source() != MedicationEvidence.Source.REQUEST).toList();
        List<MedicationEvidence> counted = doses.isEmpty() ? dmab : doses;
        return counted.stream().map(e -> switch (e.source()) {
            case ADMINISTRATION, REQUEST -> TherapyEpisodes.start(e, asOf);
            case DISPENSE -> e.handedOver().orElse(TherapyEpisodes.start(e, asOf));
            case STATEMENT -> e.end().filter(d -> !d.isAfter(asOf)).orElse(TherapyEpisodes.start(e, asOf));
        }).max(Comparator.naturalOrder());
    }

    /** The transition T4 asks for, or empty: no denosumab in 18 months, or on schedule. */
    static Optional<Transition> transition(List<MedicationEvidence> exposures, Episode episode, LocalDate asOf) {
        List<MedicationEvidence> dmab = exposures.stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_60 && !TherapyEpisodes.dateless(e))
                .toList();
        if (dmab.isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalDate> lastDose = lastDose(dmab, asOf);
        List<MedicationEvidence> orders = dmab.stream().filter(e -> e.source() == MedicationEvidence.Source.STATEMENT
                || e.source() == MedicationEvidence.Source.REQUEST).toList();
        boolean activeOrder = orders.stream().anyMatch(e -> TherapyEpisodes.ongoing(e, asOf) && !TherapyEpisodes.finished(e));
        boolean recent = lastDose.map(d -> !d.isBefore(asOf.minusMonths(T4_GIVEN_WITHIN_MONTHS))).orElse(false) || activeOrder;
        if (!recent) {
            return Optional.empty();
        }
        List<String> ids = dmab.stream().map(MedicationEvidence::sourceId).distinct().sorted().toList();
        List<String> why = new ArrayList<>();
        if (lastDose.get().isBefore(asOf.minusMonths(T4_DOSE_INTERVAL_MONTHS))) {
            // §5 T4: with an active statement/request, (a) means no dose was recorded in 7 months
            why.add(activeOrder
                    ? "no dose recorded since " + lastDose.get() + "; confirm the injection schedule"
                    : "last denosumab 60 mg dose " + lastDose.get() + " is more than 7 months ago");
        }
        // (b): a stopped statement or request, or a completed statement (a finished course); a completed request is a
        // fulfilled order (§6)
        orders.stream().filter(e -> e.status().equals("stopped")).map(MedicationEvidence::sourceId).sorted()
                .forEach(id -> why.add("denosumab stopped (" + id + ")"));
        orders.stream().filter(e -> e.status().equals("completed") && e.source() == MedicationEvidence.Source.STATEMENT)
                .map(MedicationEvidence::sourceId).sorted().forEach(id -> why.add("denosumab course completed (" + id + ")"));
        if (!episode.active()) {
            why.add("the aromatase-inhibitor therapy ended " + episode.end().orElseThrow());
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(new Transition(why, ids, lastDose));
    }

    static void t4(Facts f, PlanDraft out) {
        Optional<Transition> t = transition(f.exposures(), f.episode(), out.asOf);
        if (t.isEmpty()) {
            List<MedicationEvidence> dmab = f.exposures().stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_60).toList();
            lastDose(dmab, out.asOf).ifPresent(d -> out.find(Rule.T4, "denosumab 60 mg: no transition due (last dose " + d + ")",
                    dmab.stream().map(MedicationEvidence::sourceId).sorted().toList()));
            return;
        }
        out.otherIds.addAll(t.get().ids());
        out.now(RecommendationCode.DENOSUMAB_TRANSITION, Rule.T4, String.join("; ", t.get().why())
                + ": never stop denosumab without follow-on therapy; give the next dose now,"
                + " or plan a follow-on bisphosphonate (zoledronic acid about 6 months after the last injection,"
                + " or an oral bisphosphonate for at least 12 months)", List.of("ECTS-2021"), t.get().ids());
    }
}

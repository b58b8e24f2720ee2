package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** T4 (§5): never stop denosumab without follow-on therapy [ECTS-2021]. Active and ended episodes, whatever A6 says. */
final class DenosumabRule {

    /** T4 (*service default*): denosumab given within this many months is followed up. */
    static final int T4_GIVEN_WITHIN_MONTHS = 18;
    /** T4 [ECTS-2021]: a dose is late when the last one was more than 7 calendar months ago. */
    static final int T4_DOSE_INTERVAL_MONTHS = 7;

    private DenosumabRule() {
    }

    static void t4(Facts f, PlanDraft out) {
        LocalDate asOf = out.asOf;
        List<MedicationEvidence> dmab = f.exposures().stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_60).toList();
        if (dmab.isEmpty()) {
            return;
        }
        Optional<LocalDate> lastDose = dmab.stream().map(e -> TherapyEpisodes.start(e, asOf)).max(Comparator.naturalOrder());
        List<MedicationEvidence> orders = dmab.stream().filter(e -> e.source() == MedicationEvidence.Source.STATEMENT
                || e.source() == MedicationEvidence.Source.REQUEST).toList();
        boolean activeOrder = orders.stream().anyMatch(e -> TherapyEpisodes.ongoing(e, asOf)
                && !e.status().equals("stopped") && !e.status().equals("completed"));
        boolean recent = lastDose.map(d -> !d.isBefore(asOf.minusMonths(T4_GIVEN_WITHIN_MONTHS))).orElse(false) || activeOrder;
        if (!recent) {
            return;
        }
        List<String> ids = dmab.stream().map(MedicationEvidence::sourceId).distinct().sorted().toList();
        List<String> why = new ArrayList<>();
        LocalDate limit = asOf.minusMonths(T4_DOSE_INTERVAL_MONTHS);
        if (lastDose.get().isBefore(limit)) {
            // §5 T4: with an active statement/request, (a) means no dose was recorded in 7 months
            why.add(activeOrder
                    ? "no dose recorded since " + lastDose.get() + "; confirm the injection schedule"
                    : "last denosumab 60 mg dose " + lastDose.get() + " is more than 7 months ago");
        }
        orders.stream().filter(e -> e.status().equals("stopped")).map(MedicationEvidence::sourceId).sorted()
                .forEach(id -> why.add("denosumab stopped (" + id + ")"));
        if (!f.episode().active()) {
            why.add("the aromatase-inhibitor therapy ended " + f.episode().end().orElseThrow());
        }
        if (why.isEmpty()) {
            out.find(Rule.T4, "denosumab 60 mg on schedule (last dose " + lastDose.get() + ")", ids);
            return;
        }
        out.otherIds.addAll(ids);
        out.now(RecommendationCode.DENOSUMAB_TRANSITION, Rule.T4, String.join("; ", why)
                + ": never stop denosumab without follow-on therapy; give the next dose now,"
                + " or plan a follow-on bisphosphonate (zoledronic acid about 6 months after the last injection,"
                + " or an oral bisphosphonate for at least 12 months)", List.of("ECTS-2021"), ids);
    }
}

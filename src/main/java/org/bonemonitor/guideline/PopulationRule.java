package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.terminology.Groups;

/** D6 (§5, §6): the population whose thresholds apply, and whether ovarian suppression must be confirmed. */
final class PopulationRule {

    /** D6 (§5): a GnRH agonist given within this many months means ovarian function suppression. */
    static final int D6_GNRH_MONTHS = 6;

    private PopulationRule() {
    }

    /**
     * @param population          D6
     * @param suppressionUnknown  §6 D6: premenopausal on record without ovarian suppression (ovarian-suppression-check)
     * @param stateId             the menopausal-state record that said premenopausal, if any
     */
    record Finding(Population population, boolean suppressionUnknown, Optional<String> stateId) {
    }

    static Finding of(PatientSnapshot s, List<MedicationEvidence> exposures, PlanDraft out) {
        LocalDate asOf = s.asOf();
        if (s.gender() == Gender.MALE) {
            out.find(Rule.D6, "male: population male", List.of());
            return new Finding(Population.MALE, false, Optional.empty());
        }
        if (s.gender() != Gender.FEMALE) {
            // §5 D6: unknown or other gender uses the postmenopausal rules whatever else is recorded
            out.gap(DataGap.GENDER, Rule.D6, "gender is " + s.gender().name().toLowerCase() + ": the postmenopausal rules are used");
            out.find(Rule.D6, "gender " + s.gender().name().toLowerCase() + ": postmenopausal rules", List.of());
            return new Finding(Population.POSTMENOPAUSAL, false, Optional.empty());
        }
        LocalDate from = asOf.minusMonths(D6_GNRH_MONTHS);
        List<String> suppression = new ArrayList<>(exposures.stream().filter(e -> e.drug() == DrugClass.GNRH_AGONIST)
                .filter(e -> TherapyEpisodes.ongoing(e, asOf) || !TherapyEpisodes.latestDate(e, asOf).isBefore(from))
                .map(MedicationEvidence::sourceId).toList());
        // §6 D6: a bilateral oophorectomy (Procedure or Condition) is ovarian suppression too
        s.conditions().stream().filter(c -> c.in(Groups.OOPHORECTOMY) && !c.after(asOf)).forEach(c -> suppression.add(c.sourceId()));
        s.procedures().stream().filter(p -> p.in(Groups.OOPHORECTOMY) && p.date().map(d -> !d.isAfter(asOf)).orElse(true))
                .forEach(p -> suppression.add(p.sourceId()));
        List<String> ofs = suppression.stream().distinct().sorted().toList();
        Optional<MenopausalRecord> latestState = s.menopausalRecords().stream().filter(m -> m.date().map(d -> !d.isAfter(asOf)).orElse(true))
                .max(Comparator.comparing((MenopausalRecord m) -> m.date().orElse(LocalDate.MIN)).thenComparing(MenopausalRecord::sourceId));
        if (!ofs.isEmpty()) {
            out.find(Rule.D6, "ovarian function suppression (GnRH agonist within 6 months or bilateral oophorectomy: "
                    + String.join(", ", ofs) + "): premenopausal-ofs", ofs);
            out.otherIds.addAll(ofs);
            return new Finding(Population.PREMENOPAUSAL_OFS, false, Optional.empty());
        }
        if (latestState.map(MenopausalRecord::premenopausal).orElse(false)) {
            String id = latestState.get().sourceId();
            out.find(Rule.D6, "latest menopausal state premenopausal (" + id + ") without ovarian suppression on record:"
                    + " premenopausal-ofs rules, ovarian suppression to be confirmed", List.of(id));
            out.otherIds.add(id);
            return new Finding(Population.PREMENOPAUSAL_OFS, true, Optional.of(id));
        }
        out.find(Rule.D6, "female: postmenopausal", List.of());
        return new Finding(Population.POSTMENOPAUSAL, false, Optional.empty());
    }
}

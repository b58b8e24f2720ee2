package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** D6 (§5): the population whose thresholds apply. */
final class PopulationRule {

    /** D6 (§5): a GnRH agonist given within this many months means ovarian function suppression. */
    static final int D6_GNRH_MONTHS = 6;

    private PopulationRule() {
    }

    static Population of(PatientSnapshot s, List<MedicationEvidence> exposures, PlanDraft out) {
        LocalDate asOf = s.asOf();
        if (s.gender() == Gender.MALE) {
            out.find(Rule.D6, "male: population male", List.of());
            return Population.MALE;
        }
        if (s.gender() != Gender.FEMALE) {
            // §5 D6: unknown or other gender uses the postmenopausal rules whatever else is recorded
            out.gap(DataGap.GENDER, Rule.D6, "gender is " + s.gender().name().toLowerCase() + ": the postmenopausal rules are used");
            out.find(Rule.D6, "gender " + s.gender().name().toLowerCase() + ": postmenopausal rules", List.of());
            return Population.POSTMENOPAUSAL;
        }
        LocalDate from = asOf.minusMonths(D6_GNRH_MONTHS);
        List<String> gnrh = exposures.stream().filter(e -> e.drug() == DrugClass.GNRH_AGONIST)
                .filter(e -> TherapyEpisodes.ongoing(e, asOf) || !TherapyEpisodes.latestDate(e, asOf).isBefore(from))
                .map(MedicationEvidence::sourceId).sorted().toList();
        Optional<MenopausalRecord> latestState = s.menopausalRecords().stream().filter(m -> !m.date().isAfter(asOf))
                .max(Comparator.comparing(MenopausalRecord::date).thenComparing(MenopausalRecord::sourceId));
        if (!gnrh.isEmpty()) {
            out.find(Rule.D6, "GnRH agonist within 6 months (" + String.join(", ", gnrh) + "): premenopausal-ofs", gnrh);
            out.otherIds.addAll(gnrh);
            return Population.PREMENOPAUSAL_OFS;
        }
        if (latestState.map(MenopausalRecord::premenopausal).orElse(false)) {
            out.find(Rule.D6, "latest menopausal state premenopausal (" + latestState.get().sourceId() + "): premenopausal-ofs",
                    List.of(latestState.get().sourceId()));
            out.otherIds.add(latestState.get().sourceId());
            return Population.PREMENOPAUSAL_OFS;
        }
        out.find(Rule.D6, "female: postmenopausal", List.of());
        return Population.POSTMENOPAUSAL;
    }
}

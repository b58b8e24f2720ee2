package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.terminology.Groups;

/** D1–D5 and D7, and the §5 E1/T4 age limit: is there an AI episode the rules plan for? */
final class TherapyScope {

    /** E1/T4 (§5): an episode that ended more than this many months ago gets no plan. */
    static final int ENDED_EPISODE_PLAN_MONTHS = 24;

    private TherapyScope() {
    }

    /**
     * The scope of an evaluation.
     *
     * @param outcome   PLAN, or why there is none
     * @param reason    the reason of a no-plan outcome
     * @param episode   the latest AI episode, if any
     * @param exposures evidence that counts (D2, §0)
     */
    record Scope(Outcome outcome, String reason, Optional<Episode> episode, List<MedicationEvidence> exposures) {
        boolean plans() {
            return outcome == Outcome.PLAN;
        }
    }

    static Scope of(PatientSnapshot s, PlanDraft out) {
        LocalDate asOf = s.asOf();
        List<MedicationEvidence> exposures = exposures(s, out);
        List<MedicationEvidence> ai = exposures.stream().filter(e -> e.drug().isAromataseInhibitor()).toList();
        for (MedicationEvidence e : ai) {
            out.find(Rule.D1, e.drug().label() + " recognised in " + e.sourceId()
                    + e.text().map(t -> " (\"" + t + "\")").orElse(""), List.of(e.sourceId()));
            out.find(Rule.D3, e.sourceId() + " runs from " + TherapyEpisodes.start(e, asOf)
                    + TherapyEpisodes.end(e, asOf).map(d -> " to " + d).orElse(" with no end"), List.of(e.sourceId()));
        }
        if (exposures.stream().anyMatch(e -> e.drug() == DrugClass.TAMOXIFEN)) {
            out.find(Rule.D4, "tamoxifen neither opens nor bridges an aromatase-inhibitor episode", List.of());
        }
        List<TherapyEpisodes.Run> runs = TherapyEpisodes.runs(ai, asOf);
        if (runs.isEmpty()) {
            return new Scope(Outcome.NO_AI_THERAPY,
                    "No aromatase-inhibitor therapy (anastrozole, letrozole, exemestane) was found in the record.", Optional.empty(),
                    exposures);
        }
        Episode episode = TherapyEpisodes.episodeOf(runs.get(runs.size() - 1), asOf);
        out.find(Rule.D4, "aromatase-inhibitor episode from " + episode.start()
                + (episode.active() ? ", active" : ", ended " + episode.end().orElseThrow())
                + (runs.size() > 1 ? " (the latest of " + runs.size() + " episodes)" : ""), episode.evidenceIds());
        out.find(Rule.D5, episode.newStart() ? "new start (began " + episode.start() + ")" : "ongoing therapy since " + episode.start(),
                episode.evidenceIds());

        List<String> metastatic = metastaticEvidence(s);
        if (!metastatic.isEmpty()) {
            String reason = "Out of scope: metastatic bone disease (denosumab 120 mg / Xgeva or bone metastasis recorded: "
                    + String.join(", ", metastatic) + ") is managed by oncology; no bone-health plan is produced.";
            out.find(Rule.D7, reason, metastatic);
            return new Scope(Outcome.OUT_OF_SCOPE, reason, Optional.of(episode), exposures);
        }
        if (!episode.active() && episode.end().orElseThrow().isBefore(asOf.minusMonths(ENDED_EPISODE_PLAN_MONTHS))) {
            String reason = "Aromatase-inhibitor therapy ended on " + episode.end().orElseThrow() + ", more than 24 months ago: no plan.";
            out.find(Rule.E1, reason, episode.evidenceIds());
            return new Scope(Outcome.THERAPY_ENDED_LONG_AGO, reason, Optional.of(episode), exposures);
        }
        return new Scope(Outcome.PLAN, "", Optional.of(episode), exposures);
    }

    /** D1–D2: evidence that counts; §0: evidence dated after the evaluation date is ignored, except a future AI start (D5). */
    private static List<MedicationEvidence> exposures(PatientSnapshot s, PlanDraft out) {
        LocalDate asOf = s.asOf();
        List<MedicationEvidence> exposures = new ArrayList<>();
        for (MedicationEvidence e : s.medications()) {
            if (!TherapyEpisodes.countsAsExposure(e)) {
                out.find(Rule.D2, e.sourceId() + " (" + e.drug().label() + ", status " + e.status()
                        + e.intent().map(i -> ", intent " + i).orElse("") + ") is not evidence of exposure", List.of(e.sourceId()));
                continue;
            }
            if (!e.drug().isAromataseInhibitor() && TherapyEpisodes.start(e, asOf).isAfter(asOf)) {
                continue;
            }
            exposures.add(e);
        }
        return exposures;
    }

    /**
     * D7 (§5): denosumab 120 mg (any status but entered-in-error) or a bone-metastasis Condition means
     * metastatic bone disease managed by oncology. Checked once an AI episode exists.
     */
    private static List<String> metastaticEvidence(PatientSnapshot s) {
        List<String> d7 = new ArrayList<>();
        s.medications().stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_120 && !e.status().equals("entered-in-error"))
                .forEach(e -> d7.add(e.sourceId()));
        s.conditions().stream().filter(c -> c.in(Groups.BONE_METASTASIS)).forEach(c -> d7.add(c.sourceId()));
        return d7.stream().distinct().sorted().toList();
    }
}

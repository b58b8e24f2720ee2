package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.terminology.Groups;

/** D1–D5 and D7, and the §5 E1/T4 age limit: is there an AI episode the rules plan for? */
final class TherapyScope {

    /** E1 (§5): an episode that ended more than this many months ago gets no plan (§6 T4 still applies). */
    static final int ENDED_EPISODE_PLAN_MONTHS = 24;
    /** §6 D8: patients under this age at the evaluation date are out of scope. */
    static final int ADULT_AGE = 18;

    private TherapyScope() {
    }

    /**
     * The scope of an evaluation.
     *
     * @param outcome   PLAN, or why there is none
     * @param reason    the reason of a no-plan outcome
     * @param episode   the latest AI episode, if any
     * @param exposures evidence that counts (D2, §0)
     * @param endedLongAgo  the episode ended more than 24 months ago: only T4 applies (§6)
     * @param datelessIds   §6 D3: AI evidence without any D3 date
     */
    record Scope(Outcome outcome, String reason, Optional<Episode> episode, List<MedicationEvidence> exposures,
            boolean endedLongAgo, List<String> datelessIds) {
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
        List<String> dateless = ai.stream().filter(TherapyEpisodes::dateless).map(MedicationEvidence::sourceId).distinct().sorted()
                .toList();
        if (!dateless.isEmpty()) {
            out.find(Rule.D3, "no date on " + String.join(", ", dateless) + " (therapy dates unknown)", dateless);
        }
        List<TherapyEpisodes.Run> runs = TherapyEpisodes.runs(ai, asOf);
        if (runs.isEmpty()) {
            String reason = dateless.isEmpty()
                    ? "No aromatase-inhibitor therapy (anastrozole, letrozole, exemestane) was found in the record."
                    : "Only finished aromatase-inhibitor records without any date were found (" + String.join(", ", dateless)
                            + "): past exposure at an unknown time, no plan.";
            return new Scope(Outcome.NO_AI_THERAPY, reason, Optional.empty(), exposures, false, dateless);
        }
        Episode episode = TherapyEpisodes.episodeOf(runs.get(runs.size() - 1), asOf);
        out.find(Rule.D4, "aromatase-inhibitor episode from " + episode.start()
                + (episode.active() ? ", active" : ", ended " + episode.end().orElseThrow())
                + (runs.size() > 1 ? " (the latest of " + runs.size() + " episodes)" : ""), episode.evidenceIds());
        out.find(Rule.D5, episode.newStart() ? "new start (began " + episode.start() + ")" : "ongoing therapy since " + episode.start(),
                episode.evidenceIds());

        // D8 (our reading, RULES.md is silent): a patient recorded as deceased gets no plan; open requests are revoked
        if (s.deceased().isPresent()) {
            String reason = "Out of scope: the patient is recorded as deceased" + s.deceased().get().on().map(d -> " (" + d + ")").orElse("")
                    + "; no bone-health plan is produced.";
            out.find(Rule.D8, reason, s.patientId().map(List::of).orElse(List.of()));
            return new Scope(Outcome.OUT_OF_SCOPE, reason, Optional.of(episode), exposures, false, dateless);
        }
        List<String> metastatic = metastaticEvidence(s);
        if (!metastatic.isEmpty()) {
            String reason = "Out of scope: metastatic bone disease (denosumab 120 mg / Xgeva or bone metastasis recorded: "
                    + String.join(", ", metastatic) + ") is managed by oncology; no bone-health plan is produced.";
            out.find(Rule.D7, reason, metastatic);
            return new Scope(Outcome.OUT_OF_SCOPE, reason, Optional.of(episode), exposures, false, dateless);
        }
        // §6 D8: under 18 at the evaluation date (with a partial birth date, only when every possible date agrees)
        if (s.birthDate().map(b -> b.maxAgeOn(asOf) < ADULT_AGE).orElse(false)) {
            String reason = "Out of scope: the patient is under " + ADULT_AGE + " (born " + s.birthDate().get()
                    + "); the rules are for adults, no bone-health plan is produced.";
            out.find(Rule.D8, reason, List.of());
            return new Scope(Outcome.OUT_OF_SCOPE, reason, Optional.of(episode), exposures, false, dateless);
        }
        if (!episode.active() && episode.end().orElseThrow().isBefore(asOf.minusMonths(ENDED_EPISODE_PLAN_MONTHS))) {
            String reason = "Aromatase-inhibitor therapy ended on " + episode.end().orElseThrow() + ", more than 24 months ago: no plan.";
            // §6 T4: the denosumab rule applies whatever the episode's age
            if (DenosumabRule.transition(exposures, episode, asOf).isPresent()) {
                out.find(Rule.E1, "therapy ended " + episode.end().orElseThrow() + ", more than 24 months ago: no post-therapy DXA;"
                        + " the denosumab rule still applies (T4)", episode.evidenceIds());
                return new Scope(Outcome.PLAN, "", Optional.of(episode), exposures, true, dateless);
            }
            out.find(Rule.E1, reason, episode.evidenceIds());
            return new Scope(Outcome.THERAPY_ENDED_LONG_AGO, reason, Optional.of(episode), exposures, false, dateless);
        }
        return new Scope(Outcome.PLAN, "", Optional.of(episode), exposures, false, dateless);
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
        LocalDate asOf = s.asOf();
        List<String> d7 = new ArrayList<>();
        // §6 D7: evidence dated after the evaluation date is ignored (§0)
        s.medications().stream().filter(e -> e.drug() == DrugClass.DENOSUMAB_120 && !e.status().equals("entered-in-error"))
                .filter(e -> e.start().map(d -> !d.isAfter(asOf)).orElse(true)).forEach(e -> d7.add(e.sourceId()));
        s.conditions().stream().filter(c -> c.in(Groups.BONE_METASTASIS) && !c.after(asOf)).forEach(c -> d7.add(c.sourceId()));
        return d7.stream().distinct().sorted().toList();
    }
}

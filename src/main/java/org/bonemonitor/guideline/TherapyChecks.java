package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bonemonitor.terminology.Groups;

/**
 * The checks of revision 2026.2 (§6) for an active episode: things to confirm or discuss rather than
 * order — one method per RULES.md row.
 */
final class TherapyChecks {

    /** §6 D6: an estradiol within this many months need not be repeated. */
    static final int D6_ESTRADIOL_MONTHS = 3;
    /** §6 T5: the episode started within this many months [EBCTCG-2015; ASCO-OH-2017]. */
    static final int T5_EPISODE_MONTHS = 12;
    /** §6 T5: invasive breast cancer: ICD-10-CM C50.* or SNOMED CT 254837009 (not DCIS D05.*, not history Z85.3). */
    static final String T5_ICD10_PREFIX = "http://hl7.org/fhir/sid/icd-10-cm|C50";
    static final Set<String> T5_CODES = Set.of("http://snomed.info/sct|254837009");
    /** The source of a service rule that cites no guideline: the rule set itself. */
    static final String RULE_SET_SOURCE = "RULES-2026.2";

    private TherapyChecks() {
    }

    static void apply(Facts f, PlanDraft out) {
        d4Unconfirmed(f, out);
        d6OvarianSuppression(f, out);
        a6Review(f, out);
        t6Interactions(f, out);
    }

    /** §6 D4: active only because the latest order's end is unknown: confirm the patient still takes it. */
    static void d4Unconfirmed(Facts f, PlanDraft out) {
        if (!f.episode().unconfirmed()) {
            return;
        }
        String ai = f.episode().latestIngredient().label();
        out.now(RecommendationCode.CONFIRM_THERAPY, Rule.D4, "confirm that the patient still takes " + ai
                + "; the record does not say when it ended", List.of(RULE_SET_SOURCE), f.episode().evidenceIds());
    }

    /** §6 D6: premenopausal without ovarian suppression on record: confirm it (urgent), and estradiol unless one in 3 months. */
    static void d6OvarianSuppression(Facts f, PlanDraft out) {
        if (!f.populationFinding().suppressionUnknown()) {
            return;
        }
        List<String> state = f.populationFinding().stateId().map(List::of).orElse(List.of());
        out.now(RecommendationCode.OVARIAN_SUPPRESSION_CHECK, Rule.D6, "premenopausal on record (" + String.join(", ", state)
                + ") and no GnRH agonist or oophorectomy: an aromatase inhibitor alone does not lower estrogen before menopause;"
                + " confirm ovarian function suppression", List.of("HADJI-2017", "ASCO-2019"), state);
        LocalDate from = out.asOf.minusMonths(D6_ESTRADIOL_MONTHS);
        Optional<LabResult> e2 = f.snapshot().labs().stream().filter(l -> l.kind() == LabResult.Kind.ESTRADIOL && !l.date().isAfter(out.asOf))
                .max(Comparator.comparing(LabResult::date).thenComparing(LabResult::sourceId, Comparator.reverseOrder()));
        if (e2.isPresent() && !e2.get().date().isBefore(from)) {
            out.labIds.add(e2.get().sourceId());
            out.find(Rule.D6, "estradiol measured " + e2.get().date() + " (within 3 months): no new estradiol", List.of(e2.get().sourceId()));
            return;
        }
        out.now(RecommendationCode.LAB_ESTRADIOL, Rule.D6, "premenopausal without ovarian suppression on record: estradiol now"
                + e2.map(r -> " (last " + r.date() + ")").orElse(" (none on record)"), List.of("HADJI-2017", "ASCO-2019"),
                e2.map(r -> List.of(r.sourceId())).orElse(List.of()));
    }

    /** §6 A6: protected by a bisphosphonate whose regimen cannot be told, or by a Z79.83 record: confirm drug, dose, schedule. */
    static void a6Review(Facts f, PlanDraft out) {
        List<String> ids = f.protection().reviewIds();
        if (ids.isEmpty()) {
            return;
        }
        out.now(RecommendationCode.ANTIRESORPTIVE_REVIEW, Rule.A6, "bone-directed therapy on record without a regimen that can be told ("
                + String.join(", ", ids) + "), counted as protecting for 13 months: confirm the current bone-directed drug, dose and"
                + " schedule", List.of(RULE_SET_SOURCE), ids);
    }

    /**
     * §6 A9: significant loss, or a fragility fracture with onset during the protecting therapy, while
     * on-antiresorptive; or significant loss as the only T1 trigger with a normal category ({@code lossOnly}).
     */
    static void a9BoneLoss(Facts f, PlanDraft out, boolean lossOnly) {
        List<String> why = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        if (f.protection().onAntiresorptive()) {
            f.loss().ifPresent(l -> {
                why.add(lossText(l) + " while on antiresorptive therapy");
                ids.addAll(l.sourceIds());
            });
            Optional<LocalDate> since = f.protection().since();
            f.snapshot().conditions().stream().filter(c -> c.inGroupStartingWith(Groups.FRACTURE_PREFIX) && c.onsetDate().isPresent()
                    && !c.after(out.asOf) && since.map(d -> !c.onsetDate().get().isBefore(d)).orElse(false))
                    .sorted(Comparator.comparing(ConditionFact::sourceId)).forEach(c -> {
                        why.add("fracture " + c.sourceId() + " (onset " + c.onsetDate().get() + ") during antiresorptive therapy");
                        ids.add(c.sourceId());
                    });
        } else if (lossOnly) {
            BmdTrend l = f.loss().orElseThrow();
            why.add(lossText(l) + " with a normal T-score (the only antiresorptive trigger)");
            ids.addAll(l.sourceIds());
        }
        if (why.isEmpty()) {
            return;
        }
        out.now(RecommendationCode.BONE_LOSS_REVIEW, Rule.A9, String.join("; ", why)
                + ": review adherence and secondary causes (PTH, TSH, calcium, vitamin D); consider switching agent",
                List.of("SEEDS", "HADJI-2017"), ids);
    }

    private static String lossText(BmdTrend l) {
        return "significant BMD loss at the " + l.site().label() + ": " + Text.num1(l.percentChange()) + " % from " + l.earlierDate()
                + " to " + l.latestDate();
    }

    /**
     * §6 T5: postmenopausal or premenopausal-ofs, invasive breast cancer on record, episode started
     * within 12 months, not protected: discuss adjuvant bisphosphonate with oncology.
     */
    static void t5Adjuvant(Facts f, PlanDraft out) {
        Episode e = f.episode();
        if (f.population() == Population.MALE || f.protection().onAntiresorptive() || !e.startKnown()
                || e.start().isBefore(out.asOf.minusMonths(T5_EPISODE_MONTHS))) {
            return;
        }
        List<String> invasive = f.snapshot().conditions().stream().filter(c -> !c.after(out.asOf))
                .filter(c -> c.codings().stream().anyMatch(code -> code.startsWith(T5_ICD10_PREFIX) || T5_CODES.contains(code)))
                .map(ConditionFact::sourceId).sorted().toList();
        if (invasive.isEmpty()) {
            return;
        }
        out.now(RecommendationCode.ADJUVANT_BISPHOSPHONATE, Rule.T5, "invasive breast cancer (" + String.join(", ", invasive)
                + ") and aromatase-inhibitor therapy since " + e.start() + ": discuss adjuvant bisphosphonate for recurrence risk"
                + " with the oncology team — zoledronic acid 4 mg IV every 6 months for 3 years (or oral clodronate 1,600 mg daily"
                + " / ibandronate 50 mg daily), independent of BMD, for patients at intermediate or high recurrence risk; if T1 also"
                + " applies, zoledronic acid every 6 months serves both", List.of("EBCTCG-2015", "ASCO-OH-2017", "HADJI-2017"), invasive);
    }

    /** §6 T6: raloxifene, a systemic estrogen or tibolone taken with the AI: confirm with oncology. */
    static void t6Interactions(Facts f, PlanDraft out) {
        List<MedicationEvidence> interacting = f.exposures().stream()
                .filter(e -> (e.drug() == DrugClass.RALOXIFENE || e.drug() == DrugClass.ESTROGEN_SYSTEMIC)
                        && e.route() != MedicationEvidence.Route.LOCAL && TherapyEpisodes.ongoing(e, out.asOf))
                .sorted(Comparator.comparing(MedicationEvidence::sourceId)).toList();
        if (interacting.isEmpty()) {
            return;
        }
        List<String> drugs = interacting.stream().map(e -> e.text().orElse(e.drug().label()) + " (" + e.sourceId() + ")").toList();
        out.now(RecommendationCode.CONFIRM_THERAPY, Rule.T6, String.join(", ", drugs)
                + " with an aromatase inhibitor: confirm with the oncology team (opposes or duplicates endocrine therapy)",
                List.of(RULE_SET_SOURCE), interacting.stream().map(MedicationEvidence::sourceId).toList());
    }
}

package org.bonemonitor.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.guideline.Outcome;
import org.bonemonitor.guideline.Recommendation;
import org.bonemonitor.guideline.RecommendationCode;
import org.bonemonitor.terminology.CodeTables;

/**
 * Turns an assessment into CDS Hooks 2.0 cards. Every field written has a value: the spec forbids
 * empty strings, empty arrays and nulls, so optional parts are left out rather than emptied.
 */
@ApplicationScoped
public class CardFactory {

    /** The spec: summary "SHOULD be under a 140-character limit". */
    static final int SUMMARY_LIMIT = 139;
    static final String OVERRIDE_SYSTEM = "https://bone-monitor.org/fhir/CodeSystem/cds-override-reason";
    /** Override reasons a clinician can pick when dismissing the card. */
    static final List<String[]> OVERRIDE_REASONS = List.of(
            new String[] {"done-elsewhere", "DXA or labs done elsewhere"},
            new String[] {"patient-declined", "Patient declined"},
            new String[] {"not-clinically-appropriate", "Not clinically appropriate"},
            new String[] {"managed-by-specialist", "Bone health managed by a specialist"});

    @Inject
    ObjectMapper mapper;

    @Inject
    CdsPlans plans;

    @Inject
    CdsHooksConfig config;

    /** What the card says about data that could not be had. */
    record Context(String patientId, boolean patientView, List<String> missing) {
    }

    ObjectNode emptyResponse() {
        ObjectNode response = mapper.createObjectNode();
        response.putArray("cards");
        return response;
    }

    /** The response: no cards, or one. */
    ObjectNode response(BoneHealthAssessment a, Context ctx) {
        ObjectNode response = emptyResponse();
        ArrayNode cards = (ArrayNode) response.get("cards");
        if (a.outcome() == Outcome.OUT_OF_SCOPE && !ctx.patientView()) {
            cards.add(outOfScope(a));
        } else if (a.hasPlan()) {
            List<Recommendation> shown = ctx.patientView() ? reviewItems(a) : a.recommendations();
            if (!shown.isEmpty()) {
                cards.add(planCard(a, shown, ctx));
            }
        }
        return response;
    }

    /** patient-view: urgent items (a denosumab lapse, T4), and overdue or missing DXA and labs. */
    static List<Recommendation> reviewItems(BoneHealthAssessment a) {
        return a.recommendations().stream().filter(r -> r.urgency() == Recommendation.Urgency.URGENT || r.orderable()
                && (r.overdue() || r.code() == RecommendationCode.DXA_BASELINE || (isLab(r) && !r.dueDate().isAfter(a.asOf()))))
                .toList();
    }

    private ObjectNode outOfScope(BoneHealthAssessment a) {
        ObjectNode card = base("Bone health: no aromatase-inhibitor bone plan — managed by oncology", "info");
        card.put("detail", a.outcomeReason() + "\n\n_Rule D7, rule set " + ruleSet() + "_");
        card.set("source", source());
        return card;
    }

    private ObjectNode planCard(BoneHealthAssessment a, List<Recommendation> shown, Context ctx) {
        ObjectNode card = base(summary(a, shown, ctx.patientView()), indicator(a, shown));
        card.put("detail", detail(a, shown, ctx));
        card.set("source", source());
        List<String> codes = shown.stream().map(r -> r.code().value()).toList();
        CdsPlans.PlanJson plan = plans.build(ctx.patientId(), a);
        List<CdsPlans.OrderJson> requests = plan.orders().stream().filter(o -> codes.contains(o.recommendationCode())).toList();
        if (plan.carePlan().isPresent() || !requests.isEmpty()) {
            ObjectNode suggestion = mapper.createObjectNode();
            suggestion.put("label", suggestionLabel(requests));
            suggestion.put("uuid", UUID.randomUUID().toString());
            suggestion.put("isRecommended", true);
            ArrayNode actions = suggestion.putArray("actions");
            plan.carePlan().ifPresent(carePlan -> {
                ObjectNode action = actions.addObject();
                action.put("type", "create");
                action.put("description", "Create the bone-health care plan (" + plan.activities() + " activities)");
                action.putRawValue("resource", new RawValue(carePlan));
            });
            for (CdsPlans.OrderJson sr : requests) {
                ObjectNode action = actions.addObject();
                action.put("type", "create");
                action.put("description", "Order " + sr.label() + sr.due().map(d -> ", due " + d).orElse(""));
                action.putRawValue("resource", new RawValue(sr.json()));
            }
            card.putArray("suggestions").add(suggestion);
            card.put("selectionBehavior", "at-most-one");
        }
        ArrayNode reasons = card.putArray("overrideReasons");
        for (String[] r : OVERRIDE_REASONS) {
            reasons.addObject().put("system", OVERRIDE_SYSTEM).put("code", r[0]).put("display", r[1]);
        }
        return card;
    }

    private ObjectNode base(String summary, String indicator) {
        ObjectNode card = mapper.createObjectNode();
        card.put("uuid", UUID.randomUUID().toString());
        card.put("summary", summary);
        card.put("indicator", indicator);
        return card;
    }

    private ObjectNode source() {
        ObjectNode source = mapper.createObjectNode();
        source.put("label", "Bone Monitor — AI bone-loss rules " + ruleSet());
        source.put("url", config.rulesUrl());
        source.putObject("topic").put("system", CodeTables.RECOMMENDATION_SYSTEM).put("code", "bone-health-plan")
                .put("display", "Bone health plan during aromatase-inhibitor therapy");
        return source;
    }

    private static String ruleSet() {
        return BoneHealthRules.RULE_SET_ID + " " + BoneHealthRules.RULE_SET_VERSION;
    }

    /**
     * critical: denosumab about to lapse (T4, RULES.md §6: rebound fractures); warning: no baseline DXA,
     * antiresorptive indicated, or another urgent item; otherwise info.
     */
    static String indicator(BoneHealthAssessment a, List<Recommendation> shown) {
        if (shown.stream().anyMatch(r -> r.code() == RecommendationCode.DENOSUMAB_TRANSITION)) {
            return "critical";
        }
        boolean warn = shown.stream().anyMatch(r -> r.code() == RecommendationCode.DXA_BASELINE || r.code() == RecommendationCode.ANTIRESORPTIVE
                || r.urgency() == Recommendation.Urgency.URGENT);
        return warn ? "warning" : "info";
    }

    static String summary(BoneHealthAssessment a, List<Recommendation> shown, boolean review) {
        List<String> parts = new ArrayList<>();
        LocalDate asOf = a.asOf();
        for (Recommendation r : shown) {
            switch (r.code()) {
                case DXA_BASELINE -> parts.add("baseline DXA due " + when(r, asOf));
                case ANTIRESORPTIVE -> parts.add("antiresorptive therapy indicated");
                case DENOSUMAB_TRANSITION -> parts.add("do not interrupt denosumab");
                case DXA_FOLLOWUP -> {
                    if (r.overdue() || review) {
                        parts.add("follow-up DXA due " + when(r, asOf));
                    }
                }
                default -> { }
            }
        }
        long labs = shown.stream().filter(r -> isLab(r) && !r.dueDate().isAfter(asOf)).count();
        if (labs > 0) {
            parts.add(labs == 1 ? "1 bone lab test due" : labs + " bone lab tests due");
        }
        if (parts.isEmpty()) {
            parts.add(shown.size() == 1 ? "1 recommendation" : shown.size() + " recommendations");
        }
        String summary = "Bone health on aromatase inhibitor: " + String.join("; ", parts);
        return summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…";
    }

    private static boolean isLab(Recommendation r) {
        return r.code().order().orElse(null) == RecommendationCode.Order.LABORATORY;
    }

    private static String when(Recommendation r, LocalDate asOf) {
        if (r.overdue()) {
            return "now (overdue since " + r.originalDueDate().map(LocalDate::toString).orElse(r.dueDate().toString()) + ")";
        }
        return r.dueDate().equals(asOf) ? "now" : r.dueDate().toString();
    }

    private String detail(BoneHealthAssessment a, List<Recommendation> shown, Context ctx) {
        StringBuilder md = new StringBuilder();
        a.episode().ifPresent(e -> md.append("**Aromatase inhibitor ").append(e.newStart() ? "new start" : e.active() ? "ongoing — catch-up care" : "ended")
                .append("** (since ").append(e.start()).append(")"));
        a.population().ifPresent(p -> md.append(" · population: ").append(p.code()));
        md.append(" · bone density: ").append(a.category().code());
        a.currentTScore().ifPresent(t -> md.append(" (lowest T-score ").append(t.value().toPlainString()).append(" on ")
                .append(t.date()).append(")"));
        md.append("\n\n");
        for (Recommendation r : shown) {
            md.append("- **").append(escape(r.display())).append("** — ");
            if (r.orderable()) {
                md.append("due ").append(when(r, a.asOf())).append(". ");
            }
            md.append(escape(r.reason()));
            md.append(" _(").append(String.join(", ", r.ruleIds()));
            if (!r.sources().isEmpty()) {
                md.append("; ").append(String.join(", ", r.sources()));
            }
            md.append(")_\n");
        }
        if (!a.dataGaps().isEmpty()) {
            md.append("\n**Not on record:** ").append(a.dataGaps().stream().map(g -> g.input() + " (" + g.ruleId() + ")")
                    .distinct().collect(Collectors.joining(", "))).append(".\n");
        }
        if (!ctx.missing().isEmpty()) {
            md.append("\n**Could not be obtained — this card uses what was available:** ")
                    .append(String.join("; ", ctx.missing())).append(".\n");
        }
        md.append("\n_Rule set ").append(ruleSet()).append("._");
        return md.toString();
    }

    private static String suggestionLabel(List<CdsPlans.OrderJson> requests) {
        if (requests.isEmpty()) {
            return "Create the bone-health care plan";
        }
        String names = requests.stream().map(CdsPlans.OrderJson::label).collect(Collectors.joining(", "));
        return "Create the bone-health care plan and order: " + names;
    }

    /** Keeps Markdown control characters in free text from changing the layout. */
    private static String escape(String text) {
        return text.replace("*", "\\*").replace("_", "\\_");
    }
}

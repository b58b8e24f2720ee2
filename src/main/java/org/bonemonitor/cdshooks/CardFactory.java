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
import org.bonemonitor.guideline.LabReading;
import org.bonemonitor.guideline.LabStatus;
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
    /** Suggestion labels are buttons in EHRs (the sandbox wraps longer ones). */
    static final int LABEL_LIMIT = 80;
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

    /**
     * patient-view: the orders of the plan (due now first, then the next ones, so the card always says
     * what is due and when) and the therapy the plan proposes or guards, whose prerequisites the
     * orders name; advice stays on the order cards.
     */
    static List<Recommendation> reviewItems(BoneHealthAssessment a) {
        return a.recommendations().stream()
                .filter(r -> r.orderable() || r.kind() == Recommendation.Kind.MEDICATION_PROPOSAL
                        || r.urgency() == Recommendation.Urgency.URGENT)
                .sorted(java.util.Comparator.comparing((Recommendation r) -> r.orderable() ? 1 : 0)
                        .thenComparing(Recommendation::dueDate))
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

    /**
     * Names the drug, the therapy the plan proposes, and the first item due now with its date (and how
     * many more are due), or else the next item and its date: "Bone health on letrozole: follow-up DXA
     * due 2027-10-06; nothing due now".
     */
    static String summary(BoneHealthAssessment a, List<Recommendation> shown, boolean review) {
        List<String> parts = new ArrayList<>();
        LocalDate asOf = a.asOf();
        for (Recommendation r : shown) {
            if (r.code() == RecommendationCode.ANTIRESORPTIVE) {
                parts.add("antiresorptive therapy indicated");
            } else if (r.code() == RecommendationCode.DENOSUMAB_TRANSITION) {
                parts.add("do not interrupt denosumab");
            }
        }
        List<Recommendation> orders = shown.stream().filter(Recommendation::orderable)
                .sorted(java.util.Comparator.comparing(Recommendation::dueDate)).toList();
        List<Recommendation> dueNow = orders.stream().filter(r -> !r.dueDate().isAfter(asOf)).toList();
        if (!dueNow.isEmpty()) {
            Recommendation first = dueNow.stream().filter(Recommendation::overdue).findFirst().orElse(dueNow.get(0));
            parts.add(shortName(first) + (first.overdue() ? " overdue since " + originalDue(first) : " due now")
                    + (dueNow.size() > 1 ? " (+" + (dueNow.size() - 1) + " more due now)" : ""));
        } else if (!orders.isEmpty()) {
            parts.add(shortName(orders.get(0)) + " due " + orders.get(0).dueDate());
            parts.add("nothing due now");
        }
        if (parts.isEmpty()) {
            parts.add(shown.stream().map(CardFactory::shortName).findFirst().orElse("see the plan"));
        }
        String drug = a.episode().map(e -> e.latestIngredient().label()).orElse("aromatase inhibitor");
        String summary = "Bone health on " + drug + ": " + String.join("; ", parts);
        return summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…";
    }

    /** A recommendation as a summary names it: "baseline DXA", "vitamin D test". */
    static String shortName(Recommendation r) {
        return switch (r.code()) {
            case DXA_BASELINE -> "baseline DXA";
            case DXA_FOLLOWUP -> "follow-up DXA";
            case LAB_VITAMIN_D -> "vitamin D test";
            case LAB_CALCIUM -> "calcium test";
            case LAB_CREATININE -> "renal function test";
            case LAB_ESTRADIOL -> "estradiol test";
            case DENTAL_EXAM -> "dental exam";
            default -> Character.toLowerCase(r.display().charAt(0)) + r.display().substring(1);
        };
    }

    private static String originalDue(Recommendation r) {
        return r.originalDueDate().orElse(r.dueDate()).toString();
    }

    private static boolean isLab(Recommendation r) {
        return r.code().order().orElse(null) == RecommendationCode.Order.LABORATORY;
    }

    /** When an order is due, for the detail line; an overdue one is due now (its reason says since when). */
    private static String when(Recommendation r, LocalDate asOf) {
        return r.overdue() || !r.dueDate().isAfter(asOf) ? "now" : r.dueDate().toString();
    }

    private String detail(BoneHealthAssessment a, List<Recommendation> shown, Context ctx) {
        StringBuilder md = new StringBuilder();
        a.episode().ifPresent(e -> md.append("**").append(capitalized(e.latestIngredient().label())).append(' ')
                .append(e.newStart() ? "new start" : e.active() ? "ongoing — catch-up care" : "ended")
                .append("** (since ").append(e.start()).append(")"));
        a.population().ifPresent(p -> md.append(" · population: ").append(p.code()));
        md.append(" · bone density: ").append(a.category().code());
        a.currentTScore().ifPresent(t -> md.append(" (lowest T-score ").append(minus(t.value().toPlainString())).append(" on ")
                .append(t.date()).append(")"));
        vitaminD(a).ifPresent(v -> md.append(" · ").append(v));
        md.append("\n\n");
        boolean therapyIndicated = a.recommendation(RecommendationCode.ANTIRESORPTIVE).isPresent();
        for (Recommendation r : shown) {
            md.append("- **").append(escape(r.display())).append("** — ");
            String reason = r.reason();
            if (ctx.patientView() && !therapyIndicated) {
                // a prerequisite of a therapy the card does not propose would read as if it were indicated
                reason = reason.replace(" before antiresorptive therapy", "");
            }
            if (r.orderable()) {
                md.append("due ").append(when(r, a.asOf())).append(". ");
                reason = capitalized(reason);
            }
            md.append(escape(minus(reason)));
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

    /** A7: a vitamin D below sufficiency with its value ("vitamin D 24 ng/mL on 2026-10-06: insufficient"). */
    static java.util.Optional<String> vitaminD(BoneHealthAssessment a) {
        LabStatus<LabStatus.VitaminD> v = a.vitaminD();
        if (v == null || v.reading().isEmpty()
                || (v.status() != LabStatus.VitaminD.DEFICIENT && v.status() != LabStatus.VitaminD.INSUFFICIENT)) {
            return java.util.Optional.empty();
        }
        LabReading r = v.reading().get();
        return java.util.Optional.of("vitamin D " + r.value().stripTrailingZeros().toPlainString() + " " + r.unit() + " on " + r.date()
                + ": " + v.status().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** One minus sign in every text: U+2212 before a digit (a hyphen elsewhere stays). */
    static String minus(String text) {
        return text.replaceAll("(?<![\\w\\-])-(?=\\d)", "\u2212");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A suggestion label fits a button: at most {@value #LABEL_LIMIT} characters. */
    static String suggestionLabel(List<CdsPlans.OrderJson> requests) {
        if (requests.isEmpty()) {
            return "Create the bone-health care plan";
        }
        String names = requests.stream().map(CdsPlans.OrderJson::label).collect(Collectors.joining(", "));
        String label = "Create the bone-health care plan and order: " + names;
        if (label.length() <= LABEL_LIMIT) {
            return label;
        }
        return requests.size() == 1 ? "Create the bone-health care plan and its order"
                : "Create the bone-health care plan and its " + requests.size() + " orders";
    }

    /** Keeps Markdown control characters in free text from changing the layout. */
    private static String escape(String text) {
        return text.replace("*", "\\*").replace("_", "\\_");
    }
}

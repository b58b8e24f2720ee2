package org.bonemonitor.careplan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.guideline.Recommendation;
import org.bonemonitor.guideline.RecommendationCode;
import org.bonemonitor.guideline.Rule;
import org.bonemonitor.terminology.CodeRow;
import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The published knowledge, generated from the same tables the code uses: the rule set as a
 * PlanDefinition whose actions mirror the recommendations, the recommendation CodeSystem, and a
 * ValueSet per {@code codes.csv} group (name rows, matched as text, are described, not coded).
 */
public class KnowledgeResources {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final CodeTables codes;
    private final String canonicalBase;

    public KnowledgeResources(CodeTables codes, String canonicalBase) {
        this.codes = codes;
        this.canonicalBase = canonicalBase.endsWith("/") ? canonicalBase.substring(0, canonicalBase.length() - 1) : canonicalBase;
    }

    /** {@code PlanDefinition/aibl-2017}: one action per recommendation code, with the rules that produce it. */
    public PlanDefinition planDefinition() {
        PlanDefinition pd = new PlanDefinition();
        pd.setId(CarePlanFactory.PLAN_DEFINITION_ID);
        pd.setUrl(canonicalBase + "/PlanDefinition/" + CarePlanFactory.PLAN_DEFINITION_ID);
        pd.setVersion(BoneHealthRules.RULE_SET_VERSION);
        pd.setName("AromataseInhibitorBoneLoss");
        pd.setTitle("Bone health during aromatase-inhibitor therapy (rule set " + BoneHealthRules.RULE_SET_ID + " "
                + BoneHealthRules.RULE_SET_VERSION + ")");
        pd.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/plan-definition-type", "clinical-protocol",
                "Clinical Protocol")));
        pd.setStatus(PublicationStatus.ACTIVE);
        pd.setPublisher("Bone Monitor");
        pd.setDescription("Monitoring and protection of bone during aromatase-inhibitor therapy after Hadji et al., J Bone Oncol"
                + " 2017 (IOF/CABS/ECTS/IEG/ESCEO/IMS/SIOG joint position statement), with ASCO-2019, MRONJ-2019, ECTS-2021,"
                + " ENDO-2011 and ISCD.");
        StringBuilder html = new StringBuilder("<p>").append(CarePlanFactory.esc(pd.getTitle())).append("</p><ul>");
        for (RecommendationCode code : RecommendationCode.values()) {
            PlanDefinition.PlanDefinitionActionComponent action = pd.addAction();
            action.setId(code.value());
            action.setTitle(code.display());
            action.addCode(new CodeableConcept(new Coding(CodeTables.RECOMMENDATION_SYSTEM, code.value(), code.display())));
            List<String> when = new ArrayList<>();
            for (Rule rule : code.rules()) {
                when.add(rule.id() + ": when " + rule.trigger() + " then " + rule.recommendation()
                        + (rule.sources().isEmpty() ? "" : " [" + String.join(", ", rule.sources()) + "]"));
            }
            action.setDescription(String.join("; ", when));
            action.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/action-type", "create", "Create")));
            if (code.urgency() == Recommendation.Urgency.URGENT) {
                action.setPriority(PlanDefinition.RequestPriority.URGENT);
            }
            html.append("<li><b>").append(CarePlanFactory.esc(code.display())).append("</b>: ")
                    .append(CarePlanFactory.esc(action.getDescription())).append("</li>");
        }
        pd.setText(narrative(html.append("</ul>").toString()));
        return pd;
    }

    /** {@code CodeSystem/recommendation}: the codes of group {@code rec}. */
    public CodeSystem recommendationCodeSystem() {
        CodeSystem cs = new CodeSystem();
        cs.setId("recommendation");
        cs.setUrl(CodeTables.RECOMMENDATION_SYSTEM);
        cs.setVersion(BoneHealthRules.RULE_SET_VERSION);
        cs.setName("BoneMonitorRecommendation");
        cs.setTitle("Bone Monitor recommendations");
        cs.setStatus(PublicationStatus.ACTIVE);
        cs.setCaseSensitive(true);
        cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        cs.setDescription("The recommendations of the bone-health rule set " + BoneHealthRules.RULE_SET_ID + " "
                + BoneHealthRules.RULE_SET_VERSION + " (codes.csv group rec).");
        StringBuilder html = new StringBuilder("<table><tr><th>code</th><th>display</th></tr>");
        for (CodeRow row : codes.recommendations().rows()) {
            cs.addConcept().setCode(row.code()).setDisplay(row.display());
            html.append("<tr><td>").append(CarePlanFactory.esc(row.code())).append("</td><td>").append(CarePlanFactory.esc(row.display()))
                    .append("</td></tr>");
        }
        cs.setCount(cs.getConcept().size());
        cs.setText(narrative(html.append("</table>").toString()));
        return cs;
    }

    /** The ids of the published ValueSets: the codes.csv groups that hold at least one coding. */
    public List<String> valueSetIds() {
        return codes.groupNames().stream().filter(g -> FHIR_ID.matcher(g).matches())
                .filter(g -> !codes.group(g).codings().isEmpty()).toList();
    }

    /** The ValueSet of one codes.csv group; prefix rows (ICD-10-CM families) become is-a filters. */
    public Optional<ValueSet> valueSet(String id) {
        if (!valueSetIds().contains(id)) {
            return Optional.empty();
        }
        CodeTables.CodeSet set = codes.group(id);
        ValueSet vs = new ValueSet();
        vs.setId(id);
        vs.setUrl(canonicalBase + "/ValueSet/" + id);
        vs.setVersion(BoneHealthRules.RULE_SET_VERSION);
        vs.setName("BoneMonitor" + id.replaceAll("[^A-Za-z0-9]", ""));
        vs.setTitle("Bone Monitor code set " + id);
        vs.setStatus(PublicationStatus.ACTIVE);
        List<String> names = set.names();
        vs.setDescription("Codes of group '" + id + "' in Bone Monitor's codes.csv."
                + (names.isEmpty() ? "" : " Concepts without a matching coding are also recognised by name (whole word): "
                        + String.join(", ", names) + "."));
        Map<String, ValueSet.ConceptSetComponent> bySystem = new LinkedHashMap<>();
        StringBuilder html = new StringBuilder("<p>").append(CarePlanFactory.esc(vs.getDescription())).append("</p><ul>");
        for (CodeRow row : set.codings()) {
            if (row.match() == CodeRow.Match.PREFIX) {
                vs.getCompose().addInclude().setSystem(row.system()).addFilter().setProperty("concept")
                        .setOp(ValueSet.FilterOperator.ISA).setValue(row.code());
            } else {
                bySystem.computeIfAbsent(row.system(), s -> vs.getCompose().addInclude().setSystem(s))
                        .addConcept().setCode(row.code()).setDisplay(row.display());
            }
            html.append("<li>").append(CarePlanFactory.esc(row.system())).append(" ").append(CarePlanFactory.esc(row.code()))
                    .append(row.match() == CodeRow.Match.PREFIX ? "*" : "").append(" ").append(CarePlanFactory.esc(row.display()))
                    .append("</li>");
        }
        vs.setText(narrative(html.append("</ul>").toString()));
        return Optional.of(vs);
    }

    private static Narrative narrative(String innerHtml) {
        Narrative n = new Narrative();
        n.setStatus(Narrative.NarrativeStatus.GENERATED);
        n.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + innerHtml + "</div>");
        return n;
    }

}

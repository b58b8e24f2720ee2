package org.bonemonitor.careplan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.Episode;
import org.bonemonitor.guideline.Recommendation;
import org.bonemonitor.guideline.RecommendationCode;
import org.bonemonitor.guideline.UsedInputs;
import org.bonemonitor.terminology.CodeRow;
import org.bonemonitor.terminology.CodeTables;
import org.bonemonitor.terminology.Groups;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityDetailComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Turns a {@link BoneHealthAssessment} into FHIR R4 resources, following RULES.md §4 "Plan shape":
 * one CarePlan per patient and therapy episode, a ServiceRequest per orderable recommendation
 * ({@code dxa-*}, {@code lab-*}, {@code dental-exam}), advice and the antiresorptive proposal as
 * {@code CarePlan.activity.detail}, and a Provenance naming the inputs and the rule-set version.
 *
 * <p>Pure and deterministic: the same patient and assessment give equal resources with equal ids
 * and identifiers (no clock, no random ids). Plain HAPI model, no framework.
 */
public class CarePlanFactory {

    /** The PlanDefinition id of the rule set (served at {@code PlanDefinition/aibl-2017}). */
    public static final String PLAN_DEFINITION_ID = "aibl-2017";
    public static final String CAREPLAN_ID_PREFIX = "bm-cp-";
    public static final String SERVICEREQUEST_ID_PREFIX = "bm-sr-";
    public static final String PROVENANCE_ID_PREFIX = "bm-pv-";
    static final String PLAN_TITLE = "Bone health plan during aromatase-inhibitor therapy";
    private static final String PROVENANCE_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private static final String SCT = "http://snomed.info/sct";
    /** ServiceRequest categories of codes.csv group {@code servicerequest-category}. */
    private static final String CATEGORY_LAB = "108252007";
    private static final String CATEGORY_IMAGING = "363679005";
    private static final String CATEGORY_DIAGNOSTIC = "103693007";

    private final CodeTables codes;
    private final String canonicalBase;
    private final PlanSettings settings;

    public CarePlanFactory(CodeTables codes, String canonicalBase, PlanSettings settings) {
        this.codes = Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(canonicalBase, "canonicalBase");
        this.canonicalBase = canonicalBase.endsWith("/") ? canonicalBase.substring(0, canonicalBase.length() - 1) : canonicalBase;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public String carePlanIdentifierSystem() {
        return canonicalBase + "/identifier/careplan";
    }

    public String serviceRequestIdentifierSystem() {
        return canonicalBase + "/identifier/servicerequest";
    }

    /** The rule set's PlanDefinition canonical URL (without version). */
    public String planDefinitionUrl() {
        return canonicalBase + "/PlanDefinition/" + PLAN_DEFINITION_ID;
    }

    /** The deterministic CarePlan id of a patient's episode. */
    public static String carePlanId(String patientId, LocalDate episodeStart) {
        return carePlanId(patientId, episodeStart.toString());
    }

    /** @param episodeKey the episode's start date, or "undated" ({@link Episode#key()}) */
    public static String carePlanId(String patientId, String episodeKey) {
        return CAREPLAN_ID_PREFIX + hash(patientId + "|" + episodeKey);
    }

    /**
     * The deterministic ServiceRequest id. The date part is the due date the rules set: the original
     * one for an overdue request, none ("now") for a request due on the evaluation date, so an
     * unchanged request keeps its id from one day to the next.
     */
    public static String serviceRequestId(String patientId, String episodeKey, Recommendation r, LocalDate asOf) {
        return SERVICEREQUEST_ID_PREFIX + hash(patientId + "|" + episodeKey + "|" + r.code().value() + "|" + dueKey(r, asOf));
    }

    public static String provenanceId(String patientId, String episodeKey) {
        return PROVENANCE_ID_PREFIX + hash(patientId + "|" + episodeKey);
    }

    static String dueKey(Recommendation r, LocalDate asOf) {
        if (r.overdue() && r.originalDueDate().isPresent()) {
            return r.originalDueDate().get().toString();
        }
        return r.dueDate().equals(asOf) ? "now" : r.dueDate().toString();
    }

    public PlanResources build(String patientId, BoneHealthAssessment assessment) {
        Objects.requireNonNull(patientId, "patientId");
        if (!assessment.hasPlan() || assessment.episode().isEmpty()) {
            return PlanResources.none();
        }
        Episode episode = assessment.episode().get();
        LocalDate asOf = assessment.asOf();
        String carePlanId = carePlanId(patientId, episode.key());
        Reference patient = new Reference("Patient/" + patientId);
        UsedInputs inputs = assessment.inputs();

        CarePlan plan = new CarePlan();
        plan.setId(carePlanId);
        plan.addIdentifier(new Identifier().setSystem(carePlanIdentifierSystem()).setValue(carePlanId));
        plan.addInstantiatesCanonical(planDefinitionUrl() + "|" + assessment.ruleSetVersion());
        plan.setStatus(assessment.planCompleted() ? CarePlan.CarePlanStatus.COMPLETED : CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(settings.carePlanIntent());
        plan.addCategory(concept(Groups.CAREPLAN_CATEGORY, "assess-plan"));
        plan.addCategory(new CodeableConcept(recommendationCoding("bone-health-plan")));
        plan.setTitle(PLAN_TITLE);
        plan.setDescription(assessment.outcomeReason());
        plan.setSubject(patient.copy());
        // §6 D3: an episode whose evidence has no date has no known start
        plan.setPeriod(episode.startKnown() ? new Period().setStartElement(date(episode.start())) : null);
        plan.setCreatedElement(date(asOf));
        inputs.breastCancerConditions().forEach(id -> plan.addAddresses(new Reference(id)));
        supporting(inputs).forEach(id -> plan.addSupportingInfo(new Reference(id)));

        List<ServiceRequest> requests = new ArrayList<>();
        for (Recommendation r : assessment.recommendations()) {
            CarePlanActivityComponent activity = plan.addActivity();
            if (r.orderable()) {
                ServiceRequest request = serviceRequest(patientId, episode, r, asOf, carePlanId, inputs,
                        assessment.ruleSetVersion());
                requests.add(request);
                activity.setReference(new Reference("ServiceRequest/" + request.getIdElement().getIdPart())
                        .setDisplay(r.display() + " due " + r.dueDate()));
            } else {
                activity.setDetail(detail(r, asOf, assessment.antiresorptiveDenosumabOnly()));
            }
        }
        plan.setText(narrative(planHtml(assessment, requests)));
        Provenance provenance = provenance(patientId, episode, assessment, carePlanId, requests);
        return new PlanResources(plan, requests, provenance);
    }

    private ServiceRequest serviceRequest(String patientId, Episode episode, Recommendation r, LocalDate asOf, String carePlanId,
            UsedInputs inputs, String ruleSetVersion) {
        String id = serviceRequestId(patientId, episode.key(), r, asOf);
        ServiceRequest sr = new ServiceRequest();
        sr.setId(id);
        sr.addIdentifier(new Identifier().setSystem(serviceRequestIdentifierSystem()).setValue(id));
        sr.addInstantiatesCanonical(planDefinitionUrl() + "|" + ruleSetVersion);
        sr.addBasedOn(new Reference("CarePlan/" + carePlanId));
        sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        sr.setIntent(settings.serviceRequestIntent());
        sr.addCategory(concept(Groups.SERVICEREQUEST_CATEGORY, category(r.code())));
        if (r.urgency() == Recommendation.Urgency.URGENT) {
            sr.setPriority(ServiceRequest.ServiceRequestPriority.URGENT);
        }
        CodeableConcept code = new CodeableConcept();
        for (CodeRow row : codes.group(r.code().orderGroup().orElseThrow()).codings()) {
            code.addCoding(new Coding(row.system(), row.code(), row.display()));
        }
        code.addCoding(recommendationCoding(r.code()));
        code.setText(r.display());
        sr.setCode(code);
        sr.setSubject(new Reference("Patient/" + patientId));
        sr.setOccurrence(date(r.dueDate()));
        sr.setAuthoredOnElement(date(asOf));
        // §6 E1: after the therapy, personal history of breast cancer when one is recorded
        sr.addReasonCode(!episode.active() && !inputs.breastCancerConditions().isEmpty() ? concept(Groups.BREAST_CANCER, "Z85.3")
                : concept(Groups.REASON_AI_LONG_TERM_USE, "Z79.811"));
        inputs.aiEvidence().forEach(ref -> sr.addReasonReference(new Reference(ref)));
        sr.addNote(new Annotation().setText(noteText(r)));
        sr.setText(narrative("<p><b>" + esc(r.display()) + "</b> due " + r.dueDate() + (r.overdue() ? " (overdue)" : "")
                + "</p><p>" + esc(noteText(r)) + "</p>"));
        return sr;
    }

    private CarePlanActivityDetailComponent detail(Recommendation r, LocalDate asOf, boolean denosumabOnly) {
        CarePlanActivityDetailComponent detail = new CarePlanActivityDetailComponent();
        detail.setCode(new CodeableConcept(recommendationCoding(r.code())).setText(r.display()));
        detail.setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED);
        detail.setScheduled(new Period().setStartElement(date(asOf)));
        detail.setDescription((r.urgency() == Recommendation.Urgency.URGENT ? "URGENT. " : "") + r.display() + ": " + noteText(r));
        if (r.kind() == Recommendation.Kind.MEDICATION_PROPOSAL) {
            detail.setKind(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST);
            CodeableConcept products = new CodeableConcept();
            List<String> names = new ArrayList<>();
            for (CodeRow row : codes.group(Groups.PRODUCT_ANTIRESORPTIVE).codings()) {
                // §6 T1: with eGFR below 35 zoledronic acid and oral bisphosphonates are left out
                if (denosumabOnly && !codes.classify(org.bonemonitor.terminology.CodedConcept.of(row.system(), row.code()))
                        .contains(Groups.DENOSUMAB_60)) {
                    continue;
                }
                products.addCoding(new Coding(row.system(), row.code(), row.display()));
                names.add(row.display());
            }
            products.setText("One of: " + String.join("; ", names));
            detail.setProduct(products);
        }
        return detail;
    }

    private Provenance provenance(String patientId, Episode episode, BoneHealthAssessment assessment, String carePlanId,
            List<ServiceRequest> requests) {
        Provenance p = new Provenance();
        p.setId(provenanceId(patientId, episode.key()));
        p.addTarget(new Reference("CarePlan/" + carePlanId));
        requests.forEach(sr -> p.addTarget(new Reference("ServiceRequest/" + sr.getIdElement().getIdPart())));
        p.setRecorded(Date.from(assessment.asOf().atStartOfDay(ZoneOffset.UTC).toInstant()));
        p.addPolicy(planDefinitionUrl() + "|" + assessment.ruleSetVersion());
        p.setActivity(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create")));
        Provenance.ProvenanceAgentComponent agent = p.addAgent();
        agent.setType(new CodeableConcept(new Coding(PROVENANCE_PARTICIPANT, "assembler", "Assembler")));
        agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(canonicalBase + "/identifier/device")
                .setValue("bone-monitor")).setDisplay("Bone Monitor, rule set " + assessment.ruleSetId() + " "
                        + assessment.ruleSetVersion()));
        UsedInputs inputs = assessment.inputs();
        Set<String> used = new LinkedHashSet<>(inputs.aiEvidence());
        used.addAll(inputs.dxaObservations());
        used.addAll(inputs.labObservations());
        used.addAll(inputs.breastCancerConditions());
        used.addAll(inputs.otherSupporting());
        used.add("Patient/" + patientId);
        used.forEach(id -> p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference(id)));
        p.setText(narrative("<p>Generated by Bone Monitor from " + used.size() + " records with rule set "
                + esc(assessment.ruleSetId()) + " " + esc(assessment.ruleSetVersion()) + " as of " + assessment.asOf() + ".</p>"));
        return p;
    }

    private static List<String> supporting(UsedInputs inputs) {
        Set<String> ids = new LinkedHashSet<>(inputs.aiEvidence());
        ids.addAll(inputs.dxaObservations());
        ids.addAll(inputs.labObservations());
        return List.copyOf(ids);
    }

    private String planHtml(BoneHealthAssessment a, List<ServiceRequest> requests) {
        StringBuilder html = new StringBuilder();
        html.append("<p><b>").append(esc(PLAN_TITLE)).append("</b> (").append(a.planCompleted() ? "completed" : "active")
                .append(")</p>");
        html.append("<p>").append(esc(a.outcomeReason())).append(" Assessed on ").append(a.asOf()).append(" with rule set ")
                .append(esc(a.ruleSetId())).append(' ').append(esc(a.ruleSetVersion())).append(".</p>");
        if (a.recommendations().isEmpty()) {
            html.append("<p>Nothing remains to be done for this therapy episode.</p>");
            return html.toString();
        }
        html.append("<table><thead><tr><th>Recommendation</th><th>Due</th><th>Why</th><th>Rules</th></tr></thead><tbody>");
        for (Recommendation r : a.recommendations()) {
            html.append("<tr><td>").append(esc(r.display())).append(r.urgency() == Recommendation.Urgency.URGENT ? " (urgent)" : "")
                    .append("</td><td>").append(r.dueDate()).append(r.overdue() ? " (overdue)" : "")
                    .append("</td><td>").append(esc(r.reason())).append("</td><td>").append(esc(String.join(", ", r.ruleIds())))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
        return html.toString();
    }

    private static String noteText(Recommendation r) {
        return r.reason() + " [" + String.join(", ", r.ruleIds()) + (r.sources().isEmpty() ? "" : "; " + String.join(", ", r.sources()))
                + "]";
    }

    private static Coding recommendationCoding(RecommendationCode code) {
        return new Coding(CodeTables.RECOMMENDATION_SYSTEM, code.value(), code.display());
    }

    private Coding recommendationCoding(String code) {
        return new Coding(CodeTables.RECOMMENDATION_SYSTEM, code, codes.recommendationDisplay(code)
                .orElseThrow(() -> new IllegalArgumentException("no recommendation code " + code + " in codes.csv")));
    }

    /** The coding of {@code code} in a group of codes.csv, with the table's display. */
    private CodeableConcept concept(String group, String code) {
        CodeRow row = codes.group(group).codings().stream().filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no code " + code + " in group " + group));
        return new CodeableConcept(new Coding(row.system(), row.code(), row.display())).setText(row.display());
    }

    /** §4 and its §5 row: imaging for DXA, laboratory procedure for labs, diagnostic procedure for the dental exam. */
    static String category(RecommendationCode code) {
        return switch (code.order().orElseThrow()) {
            case IMAGING -> CATEGORY_IMAGING;
            case LABORATORY -> CATEGORY_LAB;
            case PROCEDURE -> CATEGORY_DIAGNOSTIC;
        };
    }

    private static DateTimeType date(LocalDate date) {
        return new DateTimeType(date.toString());
    }

    private static Narrative narrative(String innerHtml) {
        Narrative n = new Narrative();
        n.setStatus(Narrative.NarrativeStatus.GENERATED);
        XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        appendGenerated(div, innerHtml);
        n.setDiv(div);
        return n;
    }

    /**
     * The node tree of our own generated markup — tags without attributes, text escaped by
     * {@link #esc} — built directly: an XML parser over it cost a third of a CDS Hooks answer.
     */
    static void appendGenerated(XhtmlNode parent, String html) {
        java.util.ArrayDeque<XhtmlNode> open = new java.util.ArrayDeque<>();
        XhtmlNode current = parent;
        int i = 0;
        while (i < html.length()) {
            if (html.charAt(i) == '<') {
                int end = html.indexOf('>', i);
                String tag = html.substring(i + 1, end);
                if (tag.startsWith("/")) {
                    current = open.pop();
                } else {
                    open.push(current);
                    current = current.addTag(tag);
                }
                i = end + 1;
            } else {
                int next = html.indexOf('<', i);
                next = next < 0 ? html.length() : next;
                current.addText(unescape(html.substring(i, next)));
                i = next;
            }
        }
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** 20 hex characters of SHA-256: FHIR-valid ids of 26 characters with the prefix. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

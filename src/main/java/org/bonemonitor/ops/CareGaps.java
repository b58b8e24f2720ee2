package org.bonemonitor.ops;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bonemonitor.careplan.PlanService;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.guideline.Episode;
import org.bonemonitor.guideline.Outcome;
import org.bonemonitor.guideline.Recommendation;
import org.bonemonitor.guideline.RecommendationCode;
import org.bonemonitor.platform.ClinicalClock;
import org.bonemonitor.record.ResourceStore;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The bone-health monitoring rule as a FHIR {@code Measure} and its {@code Measure/$care-gaps}
 * (Da Vinci DEQM shape): per subject a document Bundle with a gaps-in-care Composition, the
 * patient, a DetectedIssue carrying the gap status, and the individual MeasureReport. Each patient
 * is assessed by the same rules as the stored plans, as of the period end (or today, if earlier).
 */
@ApplicationScoped
public class CareGaps {

    public static final String MEASURE_ID = "bone-health-monitoring";
    static final String GAP_STATUS_URL = "http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-gapStatus";
    static final String GAP_STATUS_SYSTEM = "http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status";
    static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";

    /** A subject's gap status; {@code not-applicable} for a patient outside the denominator, never an open gap. */
    public enum GapStatus {
        OPEN("open-gap", "Open Gap"), CLOSED("closed-gap", "Closed Gap"), PROSPECTIVE("prospective-gap", "Prospective Gap"),
        NOT_APPLICABLE("not-applicable", "Not Applicable");

        private final String code;
        private final String display;

        GapStatus(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() {
            return code;
        }

        public static Optional<GapStatus> ofCode(String code) {
            for (GapStatus s : values()) {
                if (s.code.equals(code)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** The subject of a request: one Patient, or a stored Group whose members are Patients. */
    public sealed interface Subject permits PatientSubject, GroupSubject {
    }

    public record PatientSubject(String id) implements Subject {
    }

    public record GroupSubject(String id) implements Subject {
    }

    private final PatientRecords records;
    private final PlanService plans;
    private final ResourceStore store;
    private final FhirContext fhir;
    private final ClinicalClock clock;

    CareGaps(PatientRecords records, PlanService plans, ResourceStore store, FhirContext fhir, ClinicalClock clock) {
        this.records = records;
        this.plans = plans;
        this.store = store;
        this.fhir = fhir;
        this.clock = clock;
    }

    /** The measure as published at {@code [base]/Measure/bone-health-monitoring}. */
    public Measure measure(String canonicalBase) {
        Measure m = new Measure();
        m.setId(MEASURE_ID);
        m.setUrl(canonicalBase + "/Measure/" + MEASURE_ID);
        m.setVersion(BoneHealthRules.RULE_SET_VERSION);
        m.setName("BoneHealthMonitoringOnAromataseInhibitors");
        m.setTitle("Bone health monitoring on aromatase inhibitors");
        m.setStatus(Enumerations.PublicationStatus.ACTIVE);
        m.setExperimental(false);
        m.setPublisher("Bone Monitor");
        m.setDescription("Patients with an active aromatase-inhibitor episode whose baseline and follow-up DXA scans are done "
                + "on time, by the rule set's due dates (M1, M3-M5; RULES.md §0 'overdue').");
        m.setScoring(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/measure-scoring", "proportion",
                "Proportion")));
        m.addType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/measure-type", "process", "Process")));
        m.setImprovementNotation(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/measure-improvement-notation", "increase", "Increased score indicates improvement")));
        Measure.MeasureGroupComponent group = m.addGroup();
        group.addPopulation(population("initial-population", "Initial Population",
                "Patients with an aromatase-inhibitor episode active during the measurement period"));
        group.addPopulation(population("denominator", "Denominator", "Equals the initial population"));
        group.addPopulation(population("numerator", "Numerator",
                "No baseline or follow-up DXA of the plan is overdue at the end of the period (or today, if earlier)"));
        m.setText(narrative("Bone health monitoring on aromatase inhibitors: proportion of patients with an active AI episode "
                + "whose DXA scans are done on time."));
        return m;
    }

    private static Measure.MeasureGroupPopulationComponent population(String code, String display, String criteria) {
        Measure.MeasureGroupPopulationComponent p = new Measure.MeasureGroupPopulationComponent();
        p.setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, code, display)));
        p.setDescription(criteria);
        // R4 requires a criteria expression; the rules are native Java (RULES.md), so this names the definition only.
        // No CQL Library is published: text/cql is the one listed language that names a definition.
        p.setCriteria(new Expression().setLanguage("text/cql").setExpression(display).setDescription(criteria));
        return p;
    }

    /** The subjects' Patient ids; empty when the subject does not exist (the caller answers 404). */
    @Transactional
    public Optional<List<String>> patientsOf(Subject subject) {
        if (subject instanceof PatientSubject p) {
            return store.read("Patient", p.id()).filter(s -> !s.deleted()).map(s -> List.of(p.id()));
        }
        String groupId = ((GroupSubject) subject).id();
        return store.read("Group", groupId).filter(s -> !s.deleted()).map(s -> {
            Group g = fhir.newJsonParser().parseResource(Group.class, s.raw());
            return g.getMember().stream().filter(mem -> !mem.getInactive())
                    .map(mem -> mem.getEntity().getReference()).filter(r -> r != null && r.startsWith("Patient/"))
                    .map(r -> r.substring("Patient/".length())).distinct().sorted().toList();
        });
    }

    /** {@code $care-gaps}: one document Bundle per patient whose status is among the wanted ones. */
    @Transactional
    public Parameters careGaps(LocalDate periodStart, LocalDate periodEnd, List<String> patientIds, Set<GapStatus> wanted,
            String canonicalBase, String fhirBase) {
        Parameters out = new Parameters();
        LocalDate asOf = periodEnd.isBefore(clock.today()) ? periodEnd : clock.today();
        for (String patientId : patientIds) {
            PatientRecords.Record record = records.load(patientId);
            BoneHealthAssessment a = plans.evaluate(patientId, record.resources(), asOf).assessment();
            GapStatus status = status(a, periodStart, periodEnd);
            if (wanted.contains(status)) {
                out.addParameter().setName("return").setResource(document(record, a, status, periodStart, periodEnd, canonicalBase, fhirBase));
            }
        }
        return out;
    }

    /** The gap status of one assessment made as of {@code min(periodEnd, today)}. */
    static GapStatus status(BoneHealthAssessment a, LocalDate periodStart, LocalDate periodEnd) {
        Optional<Episode> episode = a.episode();
        boolean inDenominator = a.outcome() == Outcome.PLAN && episode.isPresent() && !episode.get().start().isAfter(periodEnd)
                && episode.get().end().map(end -> !end.isBefore(periodStart)).orElse(true);
        if (!inDenominator) {
            return GapStatus.NOT_APPLICABLE;
        }
        List<Recommendation> dxa = a.recommendations().stream().filter(r -> r.code().completion() == RecommendationCode.Completion.DXA_EXAM).toList();
        if (dxa.stream().anyMatch(Recommendation::overdue)) {
            return GapStatus.OPEN;
        }
        if (dxa.stream().anyMatch(r -> !r.dueDate().isAfter(periodEnd))) {
            return GapStatus.PROSPECTIVE;
        }
        return GapStatus.CLOSED;
    }

    private Bundle document(PatientRecords.Record record, BoneHealthAssessment a, GapStatus status, LocalDate periodStart,
            LocalDate periodEnd, String canonicalBase, String fhirBase) {
        Date now = new Date();
        String patientRef = "Patient/" + record.patientId();
        Period period = new Period().setStartElement(new DateTimeType(periodStart.toString()))
                .setEndElement(new DateTimeType(periodEnd.toString()));
        // every entry gets a full URL under our base, so the relative references resolve inside the document
        Device device = new Device();
        device.setId("bone-monitor");
        device.addDeviceName().setName("Bone Monitor").setType(Device.DeviceNameType.MANUFACTURERNAME);
        device.setText(narrative("Bone Monitor, rule set " + a.ruleSetVersion()));

        MeasureReport report = new MeasureReport();
        report.setId(UUID.randomUUID().toString());
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        report.setType(MeasureReport.MeasureReportType.INDIVIDUAL);
        report.setMeasure(canonicalBase + "/Measure/" + MEASURE_ID + "|" + a.ruleSetVersion());
        report.setSubject(new Reference(patientRef));
        report.setDate(now);
        report.setPeriod(period);
        report.setImprovementNotation(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/measure-improvement-notation", "increase", "Increased score indicates improvement")));
        boolean denominator = status != GapStatus.NOT_APPLICABLE;
        boolean numerator = status == GapStatus.CLOSED;
        MeasureReport.MeasureReportGroupComponent group = report.addGroup();
        group.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, "initial-population", "Initial Population")))
                .setCount(denominator ? 1 : 0);
        group.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, "denominator", "Denominator")))
                .setCount(denominator ? 1 : 0);
        group.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, "numerator", "Numerator")))
                .setCount(numerator ? 1 : 0);
        if (denominator) {
            group.setMeasureScore(new Quantity().setValue(numerator ? 1 : 0));
        }
        report.setText(narrative("Bone health monitoring " + periodStart + " to " + periodEnd + ": " + status.code
                + " (assessed as of " + a.asOf() + ")"));

        Composition composition = new Composition();
        composition.setId(UUID.randomUUID().toString());
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setType(new CodeableConcept(new Coding("http://loinc.org", "96315-7", "Gaps in care report")));
        composition.setSubject(new Reference(patientRef));
        composition.setDate(now);
        composition.addAuthor(new Reference("Device/bone-monitor"));
        composition.setTitle("Gaps in care: bone health monitoring on aromatase inhibitors");
        composition.setText(narrative("Gaps in care report, " + periodStart + " to " + periodEnd + ": " + status.display));
        Composition.SectionComponent section = composition.addSection();
        section.setTitle("Bone health monitoring on aromatase inhibitors");
        section.setFocus(new Reference("MeasureReport/" + report.getIdElement().getIdPart()));
        section.setText(narrative(status.display + " — " + reasonOf(a, status)));

        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.DOCUMENT);
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID()));
        bundle.setTimestamp(now);
        bundle.addEntry().setFullUrl(fhirBase + "/Composition/" + composition.getIdElement().getIdPart()).setResource(composition);
        if (denominator) {
            DetectedIssue issue = new DetectedIssue();
            issue.setId(UUID.randomUUID().toString());
            issue.addModifierExtension().setUrl(GAP_STATUS_URL)
                    .setValue(new CodeableConcept(new Coding(GAP_STATUS_SYSTEM, status.code, status.display)));
            issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
            // DEQM's v3-ActCode CAREGAP is newer than R4's bundled v3-ActCode, which the R4 validator then refuses
            issue.setCode(new CodeableConcept(new Coding(canonicalBase + "/CodeSystem/care-gap", "care-gap", "Care gap")).setText("Care gap"));
            issue.setPatient(new Reference(patientRef));
            issue.setIdentified(new DateTimeType(a.asOf().toString()));
            issue.setAuthor(new Reference("Device/bone-monitor"));
            issue.setDetail(reasonOf(a, status));
            issue.addEvidence().addDetail(new Reference("MeasureReport/" + report.getIdElement().getIdPart()));
            issue.setText(narrative(status.display + ": " + reasonOf(a, status)));
            section.addEntry(new Reference("DetectedIssue/" + issue.getIdElement().getIdPart()));
            bundle.addEntry().setFullUrl(fhirBase + "/DetectedIssue/" + issue.getIdElement().getIdPart()).setResource(issue);
        } else {
            section.setEmptyReason(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/list-empty-reason",
                    "notasked", "Not Asked")));
        }
        bundle.addEntry().setFullUrl(fhirBase + "/MeasureReport/" + report.getIdElement().getIdPart()).setResource(report);
        record.patient().ifPresent(p -> bundle.addEntry().setFullUrl(fhirBase + "/" + patientRef).setResource(p));
        bundle.addEntry().setFullUrl(fhirBase + "/Device/bone-monitor").setResource(device);
        return bundle;
    }

    private static String reasonOf(BoneHealthAssessment a, GapStatus status) {
        List<String> parts = new ArrayList<>();
        for (Recommendation r : a.recommendations()) {
            if (r.code().completion() == RecommendationCode.Completion.DXA_EXAM) {
                parts.add(r.display() + (r.overdue() ? " overdue since " + r.originalDueDate().orElse(r.dueDate()) : " due " + r.dueDate()));
            }
        }
        if (status == GapStatus.NOT_APPLICABLE) {
            return "Not in the denominator: " + a.outcomeReason();
        }
        return parts.isEmpty() ? "No DXA due in the period" : String.join("; ", parts);
    }

    private static Narrative narrative(String text) {
        XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        div.addText(text);
        Narrative n = new Narrative();
        n.setStatus(Narrative.NarrativeStatus.GENERATED);
        n.setDiv(div);
        return n;
    }
}

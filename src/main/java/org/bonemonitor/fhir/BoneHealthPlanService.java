package org.bonemonitor.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.bonemonitor.careplan.KnowledgeResources;
import org.bonemonitor.careplan.PlanBundles;
import org.bonemonitor.careplan.PlanConfig;
import org.bonemonitor.careplan.PlanService;
import org.bonemonitor.record.ResourceIndexer;
import org.bonemonitor.terminology.CodeTables;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The {@code $bone-health-plan} operation and the published knowledge (PlanDefinition, ValueSets,
 * CodeSystem). The POST form is stateless: it assesses the resources it is given and stores nothing.
 */
@ApplicationScoped
public class BoneHealthPlanService {

    public static final String OPERATION = "$bone-health-plan";

    @Inject
    PlanService plans;
    @Inject
    PlanConfig config;
    @Inject
    ResourceIndexer indexer;
    @ConfigProperty(name = "bone-monitor.canonical-base")
    String canonicalBase;

    private KnowledgeResources knowledge() {
        return new KnowledgeResources(CodeTables.standard(), canonicalBase);
    }

    /** POST Patient/$bone-health-plan: a Bundle (any type) or Parameters holding one patient's record. */
    public Bundle evaluate(IBaseResource input, String asOfQuery, String fhirBase) {
        List<Resource> resources = new ArrayList<>();
        String asOfText = asOfQuery;
        if (input instanceof Bundle bundle) {
            addEntries(bundle, resources);
        } else if (input instanceof Parameters parameters) {
            for (Parameters.ParametersParameterComponent p : parameters.getParameter()) {
                switch (p.getName() == null ? "" : p.getName()) {
                    case "resource" -> {
                        if (p.getResource() instanceof Bundle inner) {
                            addEntries(inner, resources);
                        } else if (p.getResource() != null) {
                            resources.add(p.getResource());
                        } else {
                            throw FhirException.invalid("Parameter 'resource' must carry a resource (Parameters.parameter.resource)");
                        }
                    }
                    case "asOf" -> {
                        String value = p.getValue() == null ? null : p.getValue().primitiveValue();
                        if (asOfText != null && value != null && !asOfText.equals(value)) {
                            throw FhirException.invalid("asOf is given twice with different values ('" + asOfText + "' in the URL, '"
                                    + value + "' in Parameters); give it once");
                        }
                        asOfText = value;
                    }
                    default -> throw FhirException.invalid("Unknown parameter '" + p.getName()
                            + "': $bone-health-plan takes 'resource' (repeating) and 'asOf' (a date)");
                }
            }
        } else {
            throw FhirException.invalid("$bone-health-plan expects a Bundle (collection, transaction or searchset) or a Parameters"
                    + " resource with 'resource' parts, not a " + input.fhirType());
        }
        if (resources.size() > config.operationMaxEntries()) {
            throw new FhirException(413, IssueType.TOOCOSTLY, "The input holds " + resources.size() + " resources, more than the"
                    + " limit of " + config.operationMaxEntries() + " for one patient (bone-monitor.plan.operation-max-entries)");
        }
        LocalDate asOf = asOfText == null ? plans.asOf() : parseDate(asOfText);
        String patientId = singlePatient(resources);
        PlanService.Evaluation evaluation = plans.evaluate(patientId, resources, asOf);
        return PlanBundles.collection(fhirBase, evaluation.plan(), evaluation.assessment());
    }

    /** GET Patient/{id}/$bone-health-plan: the stored current plan. */
    public Bundle stored(String patientId, String fhirBase) {
        return plans.storedPlan(patientId).map(p -> {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
            p.all().forEach(r -> bundle.addEntry().setFullUrl(fhirBase + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
                    .setResource(r));
            return bundle;
        }).orElseThrow(() -> FhirException.notFound("Patient/" + patientId + " has no stored bone-health plan (no aromatase-inhibitor"
                + " therapy on record, or the record has not been planned yet)"));
    }

    public Resource planDefinition(String id) {
        if (!id.equals(org.bonemonitor.careplan.CarePlanFactory.PLAN_DEFINITION_ID)) {
            throw FhirException.notFound("PlanDefinition/" + id + " is not known; the rule set is PlanDefinition/"
                    + org.bonemonitor.careplan.CarePlanFactory.PLAN_DEFINITION_ID);
        }
        return knowledge().planDefinition();
    }

    public Resource valueSet(String id) {
        KnowledgeResources k = knowledge();
        return k.valueSet(id).orElseThrow(() -> FhirException.notFound("ValueSet/" + id + " is not known; known value sets: "
                + String.join(", ", k.valueSetIds())));
    }

    public Resource codeSystem(String id) {
        if (!id.equals("recommendation")) {
            throw FhirException.notFound("CodeSystem/" + id + " is not known; the service publishes CodeSystem/recommendation");
        }
        return knowledge().recommendationCodeSystem();
    }

    private static void addEntries(Bundle bundle, List<Resource> resources) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() != null && !(entry.getResource() instanceof org.hl7.fhir.r4.model.OperationOutcome)) {
                Resource r = entry.getResource();
                if (r instanceof Patient && !r.hasId() && entry.getFullUrl() != null) {
                    r.setId(entry.getFullUrl().substring(entry.getFullUrl().lastIndexOf(':') + 1));
                }
                resources.add(r);
            }
        }
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text.trim().length() > 10 && text.charAt(10) == 'T' ? text.trim().substring(0, 10) : text.trim());
        } catch (DateTimeParseException e) {
            throw FhirException.invalid("asOf '" + text + "' is not a date: give it as YYYY-MM-DD, e.g. 2026-06-01");
        }
    }

    /** The one patient the resources belong to: exactly one Patient, and no resource naming another. */
    private String singlePatient(List<Resource> resources) {
        TreeSet<String> patients = new TreeSet<>();
        for (Resource r : resources) {
            if (r instanceof Patient p) {
                patients.add(p.getIdElement().getIdPart() == null ? "" : p.getIdElement().getIdPart());
            }
        }
        if (patients.isEmpty()) {
            throw new FhirException(422, IssueType.REQUIRED, "The input holds no Patient: add the patient's Patient resource so"
                    + " age and gender can be assessed");
        }
        if (patients.size() > 1) {
            throw new FhirException(422, IssueType.BUSINESSRULE, "The input holds " + patients.size() + " different Patient"
                    + " resources; send one patient's record per call");
        }
        String patientId = patients.first();
        for (Resource r : resources) {
            Optional<String> named = r instanceof Patient ? Optional.empty() : indexer.patientId(r);
            if (named.isPresent() && !named.get().equals(patientId)) {
                throw new FhirException(422, IssueType.BUSINESSRULE, r.fhirType() + (r.hasId() ? "/" + r.getIdElement().getIdPart() : "")
                        + " belongs to another patient than Patient/" + patientId + "; send one patient's record per call");
            }
        }
        return patientId;
    }
}

package org.bonemonitor.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.PatientSnapshot;
import org.bonemonitor.guideline.RecommendationCode;
import org.bonemonitor.record.ResourceIndexer;
import org.bonemonitor.record.ResourceRow;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.StoredResource;
import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jboss.logging.Logger;

/**
 * Plans a stored patient: loads the patient's current record, assesses it, builds the plan and
 * revises what is stored (RULES.md §4 "revised, not duplicated"). Joins the caller's transaction;
 * {@link PlanWorker} calls it for queued patients.
 */
@ApplicationScoped
public class PlanService {

    static final List<String> PLAN_TYPES = List.of("CarePlan", "ServiceRequest", "Provenance");

    private static final Logger LOG = Logger.getLogger(PlanService.class);

    @Inject
    FhirContext fhir;
    @Inject
    ResourceStore store;
    @Inject
    ResourceIndexer indexer;
    @Inject
    Event<PlanChanged> planChanged;
    @Inject
    Event<PatientAssessed> assessed;
    @Inject
    EvaluationContext context;

    /** What a re-plan did: the resources it wrote (new versions), empty when nothing changed. */
    public record Revision(String patientId, List<Resource> written) {
        public boolean changed() {
            return !written.isEmpty();
        }
    }

    /** A stateless evaluation: the assessment and the resources it gives (nothing stored). */
    public record Evaluation(BoneHealthAssessment assessment, PlanResources plan) {
    }

    public CarePlanFactory factory() {
        return context.factory();
    }

    /** The evaluation date: {@code bone-monitor.plan.as-of} when set, else today (UTC). */
    public LocalDate asOf() {
        return context.today();
    }

    /** Assesses the given resources of one patient as of the date; nothing is read or stored. */
    public Evaluation evaluate(String patientId, Collection<? extends Resource> resources, LocalDate asOf) {
        BoneHealthAssessment assessment = context.assess(context.snapshot(resources, asOf));
        return new Evaluation(assessment, context.factory().build(patientId, assessment));
    }

    /** Re-plans one stored patient in the caller's transaction and fires {@link PlanChanged} when something changed. */
    public Revision replan(String patientId) {
        IParser parser = fhir.newJsonParser();
        List<Resource> record = new ArrayList<>();
        for (StoredResource stored : store.currentForPatient(patientId, EvaluationContext.inputTypes())) {
            record.add((Resource) parser.parseResource(stored.raw()));
        }
        record.addAll(referencedMedications(record, parser));
        LocalDate asOf = asOf();
        PatientSnapshot snapshot = context.snapshot(record, asOf);
        BoneHealthAssessment assessment = context.assess(snapshot);
        PlanResources plan = context.factory().build(patientId, assessment);

        Map<String, StoredResource> stored = new HashMap<>();
        for (StoredResource s : store.currentForPatient(patientId, PLAN_TYPES)) {
            if (s.id().startsWith("bm-")) {
                stored.put(s.typeAndId(), s);
            }
        }
        Instant now = Instant.now();
        List<Resource> changed = new ArrayList<>();
        List<ResourceRow> rows = new ArrayList<>();
        if (plan.hasPlan()) {
            revise(plan, snapshot, stored, parser, now, changed, rows);
        } else {
            withdraw(patientId, assessment, stored, parser, now, changed, rows);
        }
        assessed.fire(new PatientAssessed(patientId, assessment, record));
        if (rows.isEmpty()) {
            return new Revision(patientId, List.of());
        }
        // Provenance names no patient by itself: index it under the patient so ?patient= finds it
        store.write(rows.stream().map(r -> r.patientId() != null ? r : r.withPatient(patientId)).toList());
        List<Resource> notified = changed.stream().filter(r -> !(r instanceof Provenance)).toList();
        if (!notified.isEmpty()) {
            planChanged.fire(new PlanChanged(patientId, notified));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("plan of patient %s: %d resources written", patientId, rows.size());
        }
        return new Revision(patientId, changed);
    }

    private void revise(PlanResources plan, PatientSnapshot snapshot, Map<String, StoredResource> stored, IParser parser,
            Instant now, List<Resource> changed, List<ResourceRow> rows) {
        CarePlan carePlan = plan.carePlan();
        StoredResource storedPlan = stored.get("CarePlan/" + carePlan.getIdElement().getIdPart());
        CarePlan previous = storedPlan == null ? null : (CarePlan) parser.parseResource(storedPlan.raw());
        if (previous == null && carePlan.getStatus() == CarePlan.CarePlanStatus.COMPLETED) {
            // E1: no plan existed for the episode and nothing remains → none is created
            return;
        }
        if (previous != null) {
            carePlan.setCreatedElement(previous.getCreatedElement());
        }
        List<Resource> planWrites = new ArrayList<>();
        Set<String> current = new LinkedHashSet<>();
        for (ServiceRequest sr : plan.serviceRequests()) {
            String key = "ServiceRequest/" + sr.getIdElement().getIdPart();
            current.add(key);
            StoredResource before = stored.get(key);
            if (before != null) {
                ServiceRequest old = (ServiceRequest) parser.parseResource(before.raw());
                sr.setAuthoredOnElement(old.getAuthoredOnElement());
            }
            write(sr, before, parser, now, planWrites, rows);
        }
        // requests of this plan no longer recommended: completed when a result arrived since they were authored, else revoked
        String planRef = "CarePlan/" + carePlan.getIdElement().getIdPart();
        for (StoredResource s : stored.values()) {
            if (!s.type().equals("ServiceRequest") || current.contains(s.typeAndId())) {
                continue;
            }
            ServiceRequest old = (ServiceRequest) parser.parseResource(s.raw());
            boolean ofThisPlan = old.getBasedOn().stream().anyMatch(r -> planRef.equals(r.getReference()));
            if (!ofThisPlan || old.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE) {
                continue;
            }
            old.setStatus(resultSince(old, snapshot) ? ServiceRequest.ServiceRequestStatus.COMPLETED
                    : ServiceRequest.ServiceRequestStatus.REVOKED);
            write(old, s, parser, now, planWrites, rows);
        }
        write(carePlan, storedPlan, parser, now, planWrites, rows);
        if (!planWrites.isEmpty()) {
            Provenance provenance = plan.provenance();
            provenance.setRecorded(Date.from(now));
            planWrites.forEach(r -> {
                String target = r.fhirType() + "/" + r.getIdElement().getIdPart();
                if (provenance.getTarget().stream().noneMatch(t -> target.equals(t.getReference()))) {
                    provenance.addTarget(new Reference(target));
                }
            });
            write(provenance, stored.get("Provenance/" + provenance.getIdElement().getIdPart()), parser, now, new ArrayList<>(), rows);
            changed.addAll(planWrites);
            changed.add(provenance);
        }
    }

    /** No plan applies any more (AI entered in error, out of scope, ended long ago): active plans are revoked. */
    private void withdraw(String patientId, BoneHealthAssessment assessment, Map<String, StoredResource> stored, IParser parser,
            Instant now, List<Resource> changed, List<ResourceRow> rows) {
        for (StoredResource s : stored.values().stream().sorted(Comparator.comparing(StoredResource::typeAndId)).toList()) {
            Resource r = (Resource) parser.parseResource(s.raw());
            if (r instanceof CarePlan cp && cp.getStatus() == CarePlan.CarePlanStatus.ACTIVE) {
                cp.setStatus(CarePlan.CarePlanStatus.REVOKED);
                cp.setDescription("Withdrawn: " + assessment.outcomeReason());
                write(cp, s, parser, now, changed, rows);
            } else if (r instanceof ServiceRequest sr && sr.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE) {
                sr.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
                write(sr, s, parser, now, changed, rows);
            }
        }
    }

    /** A result that fulfils the request, dated on or after the day it was authored (§4: a new DXA completes the due DXA). */
    private static boolean resultSince(ServiceRequest sr, PatientSnapshot snapshot) {
        LocalDate authored = sr.hasAuthoredOn() ? LocalDate.parse(sr.getAuthoredOnElement().getValueAsString().substring(0, 10))
                : LocalDate.MIN;
        return sr.getCode().getCoding().stream().filter(c -> CodeTables.RECOMMENDATION_SYSTEM.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().flatMap(RecommendationCode::of)
                .map(code -> code.completedSince(snapshot, authored)).orElse(false);
    }

    /**
     * Writes a new version unless the stored one has the same content. The stored JSON is what this
     * method encoded (meta left out), so comparing the text is enough: the daily re-evaluation re-plans
     * every patient, and most plans do not change.
     */
    private void write(Resource resource, StoredResource before, IParser parser, Instant now, List<Resource> written,
            List<ResourceRow> rows) {
        resource.setMeta(null);
        String json = parser.encodeResourceToString(resource);
        if (before != null && !before.deleted() && before.raw().equals(json)) {
            return;
        }
        int version = before == null ? 1 : before.version() + 1;
        rows.add(indexer.row(resource, json, null, version, now));
        resource.getMeta().setVersionId(String.valueOf(version)).setLastUpdated(Date.from(now));
        written.add(resource);
    }

    /** Medications that the patient's medication resources reference ("Medication/x"), read from the store. */
    private List<Resource> referencedMedications(List<Resource> record, IParser parser) {
        Set<String> ids = new LinkedHashSet<>();
        for (Resource r : record) {
            Reference ref = null;
            if (r instanceof MedicationStatement m && m.hasMedicationReference()) {
                ref = m.getMedicationReference();
            } else if (r instanceof MedicationRequest m && m.hasMedicationReference()) {
                ref = m.getMedicationReference();
            } else if (r instanceof MedicationAdministration m && m.hasMedicationReference()) {
                ref = m.getMedicationReference();
            } else if (r instanceof MedicationDispense m && m.hasMedicationReference()) {
                ref = m.getMedicationReference();
            }
            if (ref != null && ref.getReference() != null && ref.getReference().startsWith("Medication/")) {
                ids.add(ref.getReference().substring("Medication/".length()));
            }
        }
        List<Resource> found = new ArrayList<>();
        for (String id : ids) {
            store.read("Medication", id).filter(s -> !s.deleted()).ifPresent(s -> found.add((Resource) parser.parseResource(s.raw())));
        }
        return found;
    }

    /** The stored current plan of a patient: the latest bm- CarePlan, its ServiceRequests and Provenance. */
    public Optional<PlanResources> storedPlan(String patientId) {
        IParser parser = fhir.newJsonParser();
        List<CarePlan> plans = new ArrayList<>();
        List<ServiceRequest> requests = new ArrayList<>();
        Map<String, Provenance> provenances = new HashMap<>();
        for (StoredResource s : store.currentForPatient(patientId, List.of("CarePlan", "ServiceRequest"))) {
            if (!s.id().startsWith("bm-")) {
                continue;
            }
            Resource r = withMeta((Resource) parser.parseResource(s.raw()), s);
            if (r instanceof CarePlan cp) {
                plans.add(cp);
            } else if (r instanceof ServiceRequest sr) {
                requests.add(sr);
            }
        }
        if (plans.isEmpty()) {
            return Optional.empty();
        }
        // an episode without a known start (RULES.md §6 D3) has no period.start: it sorts last (it is current)
        CarePlan latest = plans.stream().max(Comparator.comparing((CarePlan cp) -> cp.getPeriod().hasStart()
                ? cp.getPeriod().getStartElement().getValueAsString() : "9999", Comparator.naturalOrder())
                .thenComparing(cp -> cp.getIdElement().getIdPart())).orElseThrow();
        String ref = "CarePlan/" + latest.getIdElement().getIdPart();
        List<ServiceRequest> ofPlan = requests.stream().filter(sr -> sr.getBasedOn().stream().anyMatch(b -> ref.equals(b.getReference())))
                .sorted(Comparator.comparing(sr -> sr.getIdElement().getIdPart())).toList();
        String provenanceId = CarePlanFactory.PROVENANCE_ID_PREFIX
                + latest.getIdElement().getIdPart().substring(CarePlanFactory.CAREPLAN_ID_PREFIX.length());
        Provenance provenance = store.read("Provenance", provenanceId).filter(s -> !s.deleted())
                .map(s -> (Provenance) withMeta((Resource) parser.parseResource(s.raw()), s)).orElse(null);
        provenances.clear();
        return Optional.of(new PlanResources(latest, ofPlan, provenance));
    }

    private static Resource withMeta(Resource r, StoredResource s) {
        r.getMeta().setVersionId(String.valueOf(s.version())).setLastUpdated(Date.from(s.lastUpdated()));
        return r;
    }
}

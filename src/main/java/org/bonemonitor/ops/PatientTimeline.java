package org.bonemonitor.ops;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bonemonitor.guideline.DxaResult;
import org.bonemonitor.guideline.PatientSnapshot;
import org.bonemonitor.platform.ApiProblem;
import org.bonemonitor.platform.ClinicalClock;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.StoredResource;
import org.bonemonitor.snapshot.SnapshotBuilder;
import org.bonemonitor.terminology.CodeTables;
import org.bonemonitor.writeback.DeliveryService;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * One patient as ops needs to see them: the latest assessment (with "assessed on"), the AI evidence,
 * DXA results with the T-score trend, labs, every version of the plan with what changed, and the
 * deliveries of those versions to the EHR.
 */
@ApplicationScoped
public class PatientTimeline {

    private final CohortRepository cohort;
    private final PatientRecords records;
    private final ResourceStore store;
    private final FhirContext fhir;
    private final ClinicalClock clock;
    private final DeliveryService deliveries;
    private final SnapshotBuilder snapshots = SnapshotBuilder.standard();

    PatientTimeline(CohortRepository cohort, PatientRecords records, ResourceStore store, FhirContext fhir, ClinicalClock clock,
            DeliveryService deliveries) {
        this.cohort = cohort;
        this.records = records;
        this.store = store;
        this.fhir = fhir;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    @Transactional
    public Map<String, Object> of(String patientId) {
        if (store.read("Patient", patientId).filter(s -> !s.deleted()).isEmpty()) {
            throw ApiProblem.notFound("patient", "no patient with id " + patientId);
        }
        IParser parser = fhir.newJsonParser();
        LocalDate today = clock.today();
        PatientSnapshot snapshot = snapshots.build(records.load(patientId).resources(), today);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("patientId", patientId);
        out.put("assessment", cohort.detail(patientId).orElse(null));
        out.put("aromataseInhibitorEvidence", snapshot.medications().stream().filter(m -> m.drug().isAromataseInhibitor())
                .map(m -> row("source", m.sourceId(), "drug", m.drug().label(), "status", m.status(),
                        "start", m.start().orElse(null), "end", m.end().orElse(null), "text", m.text().orElse(null)))
                .toList());
        out.put("otherMedications", snapshot.medications().stream().filter(m -> !m.drug().isAromataseInhibitor())
                .map(m -> row("source", m.sourceId(), "drug", m.drug().label(), "status", m.status(),
                        "start", m.start().orElse(null), "end", m.end().orElse(null)))
                .toList());
        out.put("dxa", snapshot.dxaResults().stream().sorted(Comparator.comparing(DxaResult::date))
                .map(d -> row("date", d.date(), "site", d.site().name().toLowerCase(), "measure", d.measure().name().toLowerCase(),
                        "value", d.value(), "source", d.sourceId()))
                .toList());
        out.put("tScoreTrend", tScoreTrend(snapshot));
        out.put("labs", snapshot.labs().stream().sorted(Comparator.comparing(l -> l.date()))
                .map(l -> row("date", l.date(), "kind", l.kind().name().toLowerCase(), "value", l.value(), "unit", l.unit(),
                        "source", l.sourceId()))
                .toList());
        out.put("planVersions", planVersions(patientId, parser));
        out.put("deliveries", deliveries.forPatient(patientId));
        return out;
    }

    /** The lowest T-score of each exam date (the value the category is based on). */
    private static List<Map<String, Object>> tScoreTrend(PatientSnapshot snapshot) {
        Map<LocalDate, DxaResult> lowest = new LinkedHashMap<>();
        snapshot.dxaResults().stream().filter(d -> d.measure() == DxaResult.Measure.T_SCORE)
                .sorted(Comparator.comparing(DxaResult::date)).forEach(d -> lowest.merge(d.date(), d,
                        (a, b) -> a.value().compareTo(b.value()) <= 0 ? a : b));
        return lowest.values().stream().map(d -> row("date", d.date(), "tScore", d.value(), "site", d.site().name().toLowerCase()))
                .toList();
    }

    /** Every version of every generated CarePlan, oldest first, with the activities added and removed. */
    private List<Map<String, Object>> planVersions(String patientId, IParser parser) {
        // a ServiceRequest id derives from (patient, episode, activity, due date): its current version names it
        Map<String, String> requests = new LinkedHashMap<>();
        for (StoredResource s : store.currentForPatient(patientId, List.of("ServiceRequest"))) {
            ServiceRequest sr = (ServiceRequest) parser.parseResource(s.raw());
            // our recommendation coding reads better than the LOINC one ("Serum calcium", not "Calcium [Mass/volume] in ...")
            var coding = sr.getCode().getCoding().stream().filter(c -> CodeTables.RECOMMENDATION_SYSTEM.equals(c.getSystem()))
                    .findFirst().orElse(sr.getCode().getCodingFirstRep());
            String name = coding.hasDisplay() ? coding.getDisplay() : coding.getCode();
            requests.put("ServiceRequest/" + s.id(), sr.hasOccurrenceDateTimeType()
                    ? name + " (" + sr.getOccurrenceDateTimeType().getValueAsString() + ")" : name);
        }
        List<Map<String, Object>> versions = new ArrayList<>();
        for (StoredResource current : store.currentForPatient(patientId, List.of("CarePlan"))) {
            if (!current.id().startsWith("bm-")) {
                continue;
            }
            Set<String> before = Set.of();
            for (StoredResource v : store.versions("CarePlan", current.id())) {
                CarePlan cp = (CarePlan) parser.parseResource(v.raw());
                Set<String> codes = activities(cp, requests);
                Set<String> added = new LinkedHashSet<>(codes);
                added.removeAll(before);
                Set<String> removed = new LinkedHashSet<>(before);
                removed.removeAll(codes);
                versions.add(row("carePlan", "CarePlan/" + current.id(), "version", v.version(), "storedAt", v.lastUpdated(),
                        "status", cp.getStatus() == null ? null : cp.getStatus().toCode(), "added", added, "removed", removed,
                        "description", cp.getDescription()));
                before = codes;
            }
        }
        versions.sort(Comparator.comparing(m -> m.get("storedAt").toString()));
        return versions;
    }

    private static Set<String> activities(CarePlan cp, Map<String, String> requests) {
        Set<String> names = new java.util.TreeSet<>();
        for (CarePlan.CarePlanActivityComponent a : cp.getActivity()) {
            if (a.hasDetail()) {
                a.getDetail().getCode().getCoding().stream().findFirst()
                        .ifPresent(c -> names.add(c.hasDisplay() ? c.getDisplay() : c.getCode()));
            }
            if (a.hasReference()) {
                names.add(requests.getOrDefault(a.getReference().getReference(), a.getReference().getReference()));
            }
        }
        return names;
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }
}

package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.StoredResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/** Reads and searches stored resources: read, vread and the patient-centred search every type supports. */
@ApplicationScoped
public class SearchService {

    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 1000;
    /** The search parameters this server honours; any other is ignored, as FHIR allows. */
    private static final java.util.List<String> SUPPORTED = java.util.List.of("patient", "subject", "status", "_id", "_include", "_count", "_offset");
    /** The one _include supported: the ServiceRequests a CarePlan's activities reference. */
    static final String CAREPLAN_ACTIVITIES = "CarePlan:activity-reference";

    @Inject
    FhirContext fhir;
    @Inject
    ResourceStore store;

    public Resource read(String type, String id) {
        requireType(type);
        StoredResource stored = store.read(type, id).orElseThrow(() -> FhirException.notFound(type + "/" + id + " is not known"));
        if (stored.deleted()) {
            throw new FhirException(410, IssueType.DELETED, type + "/" + id + " was deleted");
        }
        return toResource(stored);
    }

    public Resource vread(String type, String id, String version) {
        requireType(type);
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw FhirException.notFound(type + "/" + id + " has no version '" + version + "'");
        }
        StoredResource stored = store.read(type, id, v)
                .orElseThrow(() -> FhirException.notFound(type + "/" + id + " has no version " + version));
        if (stored.deleted()) {
            throw new FhirException(410, IssueType.DELETED, type + "/" + id + " was deleted in version " + version);
        }
        return toResource(stored);
    }

    /** A searchset Bundle; {@code base} is the absolute FHIR base used for fullUrls and paging links. */
    public Bundle search(String type, Map<String, String> params, String base) {
        requireType(type);
        String patient = patientParameter(params);
        int count = integer(params.get("_count"), DEFAULT_COUNT, "_count");
        count = Math.min(Math.max(count, 0), MAX_COUNT);
        int offset = Math.max(integer(params.get("_offset"), 0, "_offset"), 0);
        ResourceStore.Page page = store.search(type, patient, params.get("status"), params.get("_id"), offset, count);

        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(page.total());
        Map<String, String> used = new LinkedHashMap<>();
        SUPPORTED.forEach(name -> {
            if (params.get(name) != null && !name.equals("_offset") && !name.equals("_count")) {
                used.put(name, params.get(name));
            }
        });
        bundle.addLink().setRelation("self").setUrl(link(base, type, used, count, offset));
        if (offset + count < page.total() && count > 0) {
            bundle.addLink().setRelation("next").setUrl(link(base, type, used, count, offset + count));
        }
        if (offset > 0) {
            bundle.addLink().setRelation("previous").setUrl(link(base, type, used, count, Math.max(offset - count, 0)));
        }
        for (StoredResource stored : page.resources()) {
            bundle.addEntry().setFullUrl(base + "/" + stored.typeAndId()).setResource(toResource(stored))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        if (type.equals("CarePlan") && CAREPLAN_ACTIVITIES.equals(params.get("_include"))) {
            includeActivityReferences(bundle, base);
        }
        return bundle;
    }

    private void includeActivityReferences(Bundle bundle, String base) {
        java.util.Set<String> included = new java.util.LinkedHashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            for (org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent activity : ((org.hl7.fhir.r4.model.CarePlan) entry.getResource()).getActivity()) {
                String reference = activity.getReference().getReference();
                if (reference != null && reference.indexOf('/') > 0) {
                    included.add(reference);
                }
            }
        }
        for (String reference : included) {
            String[] parts = reference.split("/");
            store.read(parts[0], parts[1]).filter(stored -> !stored.deleted()).ifPresent(stored -> bundle.addEntry()
                    .setFullUrl(base + "/" + stored.typeAndId()).setResource(toResource(stored))
                    .getSearch().setMode(Bundle.SearchEntryMode.INCLUDE));
        }
    }

    /** A GET inside a batch or transaction: a read by id, or a search on the given query string. */
    public Resource get(String type, String id, String query) {
        if (id != null) {
            return read(type, id);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return search(type, params, "");
    }

    /** The stored JSON as a resource, with meta.versionId and meta.lastUpdated from the row. */
    public Resource toResource(StoredResource stored) {
        Resource resource = (Resource) fhir.newJsonParser().parseResource(stored.raw());
        resource.getMeta().setVersionId(String.valueOf(stored.version())).setLastUpdated(Date.from(stored.lastUpdated()));
        return resource;
    }

    private void requireType(String type) {
        if (!fhir.getResourceTypes().contains(type)) {
            throw FhirException.invalid("'" + type + "' is not an R4 resource type");
        }
    }

    /** {@code patient} or {@code subject}: "123", "Patient/123" or an absolute URL ending in Patient/123. */
    private static String patientParameter(Map<String, String> params) {
        String value = params.get("patient") != null ? params.get("patient") : params.get("subject");
        if (value == null || value.isBlank()) {
            return null;
        }
        int at = value.lastIndexOf("Patient/");
        return at >= 0 ? value.substring(at + "Patient/".length()) : value;
    }

    private static int integer(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw FhirException.invalid("Search parameter " + name + " must be a whole number, not '" + value + "'");
        }
    }

    private static String link(String base, String type, Map<String, String> used, int count, int offset) {
        StringBuilder url = new StringBuilder(base).append('/').append(type).append('?');
        used.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        url.append("_count=").append(count);
        if (offset > 0) {
            url.append("&_offset=").append(offset);
        }
        return url.toString();
    }
}

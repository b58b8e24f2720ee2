package org.bonemonitor.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bonemonitor.fhir.FhirException.Issue;
import org.bonemonitor.record.DateRange;
import org.bonemonitor.record.ResourceStore;
import org.bonemonitor.record.SearchCriteria;
import org.bonemonitor.record.SearchParameters;
import org.bonemonitor.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/** Reads and searches stored resources: read, vread and the R4 search of {@link SearchParameters}. */
@ApplicationScoped
public class SearchService {

    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 1000;
    /** The one _include supported: the ServiceRequests a CarePlan's activities reference. */
    static final String CAREPLAN_ACTIVITIES = "CarePlan:activity-reference";

    @Inject
    FhirContext fhir;
    @Inject
    ResourceStore store;
    @Inject
    SearchParameters parameters;

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

    /**
     * A searchset Bundle; {@code base} is the absolute FHIR base used for fullUrls and paging links.
     * {@code params} keeps every occurrence of a parameter (repeated = AND, comma inside = OR). A
     * parameter this server does not implement refuses the search when {@code strict}; otherwise it
     * is left out of the self link and reported in an OperationOutcome entry (search mode outcome).
     */
    public Bundle search(String type, Map<String, List<String>> params, String base, boolean strict) {
        requireType(type);
        Query query = parse(type, params);
        if (strict && !query.unsupported.isEmpty()) {
            throw new FhirException(400, query.unsupported.stream()
                    .map(u -> Issue.error(IssueType.NOTSUPPORTED, u)).toList());
        }
        ResourceStore.Page page = store.search(query.criteria, query.offset, query.countOnly ? 0 : query.count);

        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(page.total());
        bundle.addLink().setRelation("self").setUrl(link(base, type, query, query.offset));
        if (!query.countOnly && query.count > 0 && query.offset + query.count < page.total()) {
            bundle.addLink().setRelation("next").setUrl(link(base, type, query, query.offset + query.count));
        }
        if (!query.countOnly && query.offset > 0) {
            bundle.addLink().setRelation("previous").setUrl(link(base, type, query, Math.max(query.offset - query.count, 0)));
        }
        for (StoredResource stored : page.resources()) {
            Resource resource = toResource(stored);
            bundle.addEntry().setFullUrl(base + "/" + stored.typeAndId())
                    .setResource(query.elements == null ? resource : subset(resource, query.elements))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        if (query.includeActivities && !page.resources().isEmpty()) {
            includeActivityReferences(bundle, base);
        }
        if (!query.unsupported.isEmpty()) {
            bundle.addEntry().setResource(FhirResponses.outcome(null, query.unsupported.stream()
                    .map(u -> Issue.warning(IssueType.NOTSUPPORTED, u, null)).toList()))
                    .getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
        }
        return bundle;
    }

    /** A parsed search: the SQL criteria, the honoured parameters (for links) and what was not understood. */
    private static final class Query {
        SearchCriteria criteria;
        final List<String[]> used = new ArrayList<>();
        final List<String> unsupported = new ArrayList<>();
        int count = DEFAULT_COUNT;
        int offset;
        boolean countOnly;
        boolean includeActivities;
        Set<String> elements;
    }

    private Query parse(String type, Map<String, List<String>> params) {
        SearchParameters.TypeParams known = parameters.of(type);
        Query q = new Query();
        q.criteria = new SearchCriteria(type);
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String key = param.getKey();
            for (String value : param.getValue()) {
                if (value == null || value.isEmpty()) {
                    continue;
                }
                String problem = switch (key) {
                    case "_count" -> {
                        q.count = Math.min(Math.max(integer(value, "_count"), 0), MAX_COUNT);
                        yield null;
                    }
                    case "_offset" -> {
                        q.offset = Math.max(integer(value, "_offset"), 0);
                        yield null;
                    }
                    case "_format", "_pretty" -> null;
                    case "_sort" -> sort(known, value, q.criteria);
                    case "_summary" -> summary(value, q);
                    case "_elements" -> {
                        q.elements = new LinkedHashSet<>(split(value));
                        yield null;
                    }
                    case "_include" -> {
                        q.includeActivities = type.equals("CarePlan") && CAREPLAN_ACTIVITIES.equals(value);
                        yield q.includeActivities ? null : "_include=" + value + " is not supported (only "
                                + CAREPLAN_ACTIVITIES + " on CarePlan)";
                    }
                    default -> criterion(known, key, value, q.criteria);
                };
                if (problem == null) {
                    if (!key.equals("_count") && !key.equals("_offset")) {
                        q.used.add(new String[] {key, value});
                    }
                } else {
                    q.unsupported.add(problem);
                }
            }
        }
        return q;
    }

    /** Adds one parameter occurrence to the criteria; the reason it cannot, or null. */
    private static String criterion(SearchParameters.TypeParams known, String key, String value, SearchCriteria criteria) {
        int colon = key.indexOf(':');
        String name = colon < 0 ? key : key.substring(0, colon);
        String modifier = colon < 0 ? null : key.substring(colon + 1);
        SearchParameters.Param param = known.param(name).orElse(null);
        if (param == null) {
            return "Search parameter '" + name + "' is not supported for " + known.type() + "; ignored";
        }
        boolean patientModifier = param.kind() == SearchParameters.Kind.REFERENCE && "Patient".equals(modifier);
        if (modifier != null && !patientModifier) {
            return "Modifier ':" + modifier + "' of '" + name + "' is not supported; ignored";
        }
        List<String> values = split(value);
        switch (name) {
            case "_id" -> criteria.idIn(values);
            case "status" -> criteria.statusIn(values.stream().map(v -> v.substring(v.indexOf('|') + 1)).toList());
            case "patient", "subject" -> criteria.patientIn(values.stream().map(v -> patientId(v, patientModifier)).toList());
            default -> {
                if (param.kind() == SearchParameters.Kind.TOKEN) {
                    criteria.tokensAny(values.stream().map(v -> SearchParameters.queryToken(name, v)).toList());
                } else {
                    List<SearchCriteria.DateValue> dates = new ArrayList<>();
                    for (String v : values) {
                        SearchCriteria.DateValue date = dateValue(name, v);
                        if (date == null) {
                            return "Prefix 'ap' of '" + name + "' is not supported; ignored";
                        }
                        dates.add(date);
                    }
                    if (name.equals("_lastUpdated")) {
                        criteria.lastUpdatedAny(dates);
                    } else {
                        criteria.dateAny(dates);
                    }
                }
            }
        }
        return null;
    }

    private static final List<String> PREFIXES = List.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb");

    /** A prefixed date value; null for the unsupported prefix ap; a 400 for a value that is no date. */
    private static SearchCriteria.DateValue dateValue(String name, String value) {
        String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
        String date = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(2) : value;
        if (prefix.equals("ap")) {
            return null;
        }
        if (!PREFIXES.contains(prefix)) {
            throw FhirException.invalid("Search parameter " + name + ": unknown prefix '" + prefix + "' in '" + value
                    + "' (use eq, ne, gt, lt, ge, le, sa or eb)");
        }
        DateRange range = DateRange.parse(date).orElseThrow(() -> FhirException.invalid("Search parameter " + name
                + ": '" + date + "' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)"));
        return new SearchCriteria.DateValue(SearchCriteria.Prefix.valueOf(prefix.toUpperCase(java.util.Locale.ROOT)), range);
    }

    private static String sort(SearchParameters.TypeParams known, String value, SearchCriteria criteria) {
        List<SearchCriteria.Sort> keys = new ArrayList<>();
        for (String key : split(value)) {
            boolean descending = key.startsWith("-");
            String name = descending ? key.substring(1) : key;
            SearchCriteria.SortKey sortKey = name.equals("_lastUpdated") ? SearchCriteria.SortKey.LAST_UPDATED
                    : name.equals("_id") ? SearchCriteria.SortKey.ID
                    : known.dateParam().filter(name::equals).isPresent() ? SearchCriteria.SortKey.DATE : null;
            if (sortKey == null) {
                return "_sort by '" + name + "' is not supported for " + known.type() + " (only "
                        + known.dateParam().map(d -> d + ", ").orElse("") + "_lastUpdated, _id); ignored";
            }
            keys.add(new SearchCriteria.Sort(sortKey, descending));
        }
        keys.forEach(criteria::sortBy);
        return null;
    }

    private static String summary(String value, Query q) {
        if (value.equals("count")) {
            q.countOnly = true;
            return null;
        }
        return value.equals("false") ? null : "_summary=" + value + " is not supported (only count and false); ignored";
    }

    /** FHIR's comma: alternatives, with "\," an escaped comma. */
    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split("(?<!\\\\),")) {
            if (!part.isEmpty()) {
                parts.add(part.replace("\\,", ","));
            }
        }
        return parts;
    }

    /** Keeps id, meta, the mandatory elements and the named ones; tagged SUBSETTED as R4 asks. */
    private Resource subset(Resource full, Set<String> elements) {
        RuntimeResourceDefinition definition = fhir.getResourceDefinition(full);
        Resource subset = (Resource) definition.newInstance();
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            String name = child.getElementName().replace("[x]", "");
            if (name.equals("id") || name.equals("meta") || child.getMin() > 0 || elements.contains(name)) {
                for (IBase value : child.getAccessor().getValues(full)) {
                    child.getMutator().addValue(subset, value);
                }
            }
        }
        subset.setId(full.getIdElement());
        subset.getMeta().addTag("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "SUBSETTED", "subsetted");
        return subset;
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
        return search(type, formParameters(query), "", false);
    }

    /** Parameters of a query string or form body ("a=1&a=2&b=x"), every occurrence kept, in order. */
    public static Map<String, List<String>> formParameters(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
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

    /** A patient reference value: "123", "Patient/123" or an absolute URL ending in Patient/123; another type matches none. */
    private static String patientId(String value, boolean bareIdOnly) {
        int at = value.lastIndexOf("Patient/");
        if (at >= 0 && !bareIdOnly) {
            String id = value.substring(at + "Patient/".length());
            int history = id.indexOf('/');
            return history < 0 ? id : id.substring(0, history);
        }
        return value.contains("/") ? "" : value;
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw FhirException.invalid("Search parameter " + name + " must be a whole number, not '" + value + "'");
        }
    }

    /** A GET URL of the same search: every honoured parameter as sent, then _count and _offset. */
    private static String link(String base, String type, Query q, int offset) {
        StringBuilder url = new StringBuilder(base).append('/').append(type).append('?');
        for (String[] p : q.used) {
            url.append(encode(p[0])).append('=').append(encode(p[1])).append('&');
        }
        url.append("_count=").append(q.count);
        if (offset > 0) {
            url.append("&_offset=").append(offset);
        }
        return url.toString();
    }

    /** Percent-encoded, '|' included (the HTTP layer refuses a raw one), keeping ':', '/' and ',' readable. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%3A", ":").replace("%2F", "/").replace("%2C", ",");
    }
}

package org.bonemonitor.cdshooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bonemonitor.terminology.CodeRow;
import org.bonemonitor.terminology.CodeTables;

/**
 * The CDS services this server offers, as discovery lists them.
 *
 * <p>A discovery entry names exactly one {@code hook}, and its {@code id} is the last segment of the
 * service's URL, so one id cannot be listed for two hooks without two entries sharing one URL (which
 * clients such as the sandbox key services by). Hence: {@code aromatase-inhibitor-bone-health} is the
 * {@code order-sign} entry, {@code aromatase-inhibitor-bone-health-select} the {@code order-select}
 * entry; both URLs answer both order hooks (the request's {@code hook} decides), so an EHR configured
 * with only the first id works for both.
 */
public final class CdsServiceCatalog {

    public static final String ORDER_SERVICE = "aromatase-inhibitor-bone-health";
    public static final String ORDER_SELECT_SERVICE = "aromatase-inhibitor-bone-health-select";
    public static final String REVIEW_SERVICE = "aromatase-inhibitor-bone-health-review";

    public static final String ORDER_SELECT = "order-select";
    public static final String ORDER_SIGN = "order-sign";
    public static final String PATIENT_VIEW = "patient-view";

    /** Prefetch key names (the issue fixes them). */
    public static final String PATIENT = "patient";
    public static final String MEDICATION_REQUESTS = "medicationRequests";
    public static final String MEDICATION_STATEMENTS = "medicationStatements";
    public static final String OBSERVATIONS = "observations";
    public static final String CONDITIONS = "conditions";

    /** Observation code groups the rules read: DXA/BMD, labs, BMI, weight, height, smoking, AUDIT-C. */
    private static final List<String> OBSERVATION_GROUP_PREFIXES = List.of("dxa-", "lab-");
    private static final List<String> OBSERVATION_GROUPS = List.of("bmi", "body-weight", "body-height", "smoking-status",
            "audit-c-total");

    /** One discovery entry and the hooks its URL accepts. */
    public record Service(String id, String hook, String title, String description, Set<String> acceptedHooks) {
    }

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, String> prefetch;

    public CdsServiceCatalog(CodeTables codes) {
        String description = "Bone health during aromatase-inhibitor therapy (rule set aibl): baseline and follow-up DXA, "
                + "vitamin D and calcium tests, antiresorptive therapy when indicated. ";
        add(new Service(ORDER_SERVICE, ORDER_SIGN, "Bone health on aromatase inhibitors",
                description + "Called when an aromatase inhibitor is signed.", Set.of(ORDER_SIGN, ORDER_SELECT)));
        add(new Service(ORDER_SELECT_SERVICE, ORDER_SELECT, "Bone health on aromatase inhibitors",
                description + "Called when an aromatase inhibitor is selected.", Set.of(ORDER_SELECT, ORDER_SIGN)));
        add(new Service(REVIEW_SERVICE, PATIENT_VIEW, "Bone health review on aromatase inhibitors",
                "Shows overdue or missing DXA scans and bone labs for patients already on an aromatase inhibitor.",
                Set.of(PATIENT_VIEW)));
        this.prefetch = prefetchTemplates(codes);
    }

    private void add(Service s) {
        services.put(s.id(), s);
    }

    public List<Service> services() {
        return List.copyOf(services.values());
    }

    public Optional<Service> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    /** Prefetch key → FHIR query template (relative to the FHIR base), in a stable order. */
    public Map<String, String> prefetch() {
        return prefetch;
    }

    /** The observation codes the rules read, as {@code system|code} tokens. */
    static List<String> observationCodes(CodeTables codes) {
        Set<String> tokens = new LinkedHashSet<>();
        List<String> groups = new ArrayList<>(codes.groupNames().stream()
                .filter(g -> OBSERVATION_GROUP_PREFIXES.stream().anyMatch(g::startsWith)).sorted().toList());
        groups.addAll(OBSERVATION_GROUPS);
        for (String g : groups) {
            for (CodeRow row : codes.group(g).codings()) {
                tokens.add(row.system() + "|" + row.code());
            }
        }
        return List.copyOf(tokens);
    }

    private static Map<String, String> prefetchTemplates(CodeTables codes) {
        String p = "{{context.patientId}}";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PATIENT, "Patient/" + p);
        m.put(MEDICATION_REQUESTS, "MedicationRequest?patient=" + p + "&status=active,on-hold,completed,stopped,unknown&_count=200");
        m.put(MEDICATION_STATEMENTS, "MedicationStatement?patient=" + p + "&_count=200");
        m.put(OBSERVATIONS, "Observation?patient=" + p + "&code=" + observationCodes(codes).stream().collect(Collectors.joining(","))
                + "&_sort=-date&_count=500");
        m.put(CONDITIONS, "Condition?patient=" + p + "&_count=200");
        return java.util.Collections.unmodifiableMap(m);
    }
}

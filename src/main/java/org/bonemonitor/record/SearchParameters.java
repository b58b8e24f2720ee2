package org.bonemonitor.record;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;

/**
 * The search parameters this server implements, per resource type, and the values a stored version
 * is indexed under for them. The parameters and their element paths are R4's own (HAPI's
 * definitions); a parameter is offered for a type only when its path is a plain element path we can
 * walk. One place decides what is indexed, what a search accepts and what the CapabilityStatement
 * advertises.
 *
 * <p>Token values ({@code code}, {@code category}, {@code identifier}) go into one text array,
 * each in the forms a query names them, so every token query is an exact array overlap:
 * {@code code|system|value}, {@code code||value} (no system), {@code code:value} (any system) and
 * {@code code|system|} (any value of the system). Each type's one date parameter goes into a
 * {@link DateRange} (low inclusive, high exclusive).
 */
@ApplicationScoped
public class SearchParameters {

    public enum Kind { TOKEN, DATE, REFERENCE }

    /**
     * One search parameter of a type, with its R4 canonical definition URL where that is certain
     * (HAPI's URLs for shared parameters such as Observation's code are synthesized, not R4's).
     */
    public record Param(String name, Kind kind, String definition, String documentation) {
    }

    /** What a type can be searched by. {@code dateParam} is the one date parameter indexed in the date columns. */
    public record TypeParams(String type, Map<String, Param> params, Optional<String> dateParam) {
        public Optional<Param> param(String name) {
            return Optional.ofNullable(params.get(name));
        }
    }

    /** The search columns of one resource version. */
    public record Columns(String[] tokens, DateRange date) {
        static final Columns NONE = new Columns(null, null);
    }

    /** Token parameters indexed from their R4 paths. */
    static final List<String> TOKEN_PARAMS = List.of("code", "category", "identifier");
    /** Candidates for a type's date parameter, in order of preference (MedicationRequest's "date" is a dosage time). */
    static final List<String> DATE_PARAMS = List.of("authored", "authoredon", "effective", "effective-time", "whenhandedover",
            "onset-date", "date", "birthdate");
    /** Elements that name the patient a resource belongs to (the patient_id column). */
    public static final List<String> PATIENT_ELEMENTS = List.of("subject", "patient", "beneficiary");

    @Inject
    FhirContext fhir;

    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** One walkable element path, optionally restricted to one data type ("medication as CodeableConcept"). */
    private record ValuePath(List<BaseRuntimeChildDefinition> chain, Class<?> only) {
        void collect(IBase from, int depth, List<IBase> out) {
            for (IBase value : chain.get(depth).getAccessor().getValues(from)) {
                if (depth + 1 < chain.size()) {
                    collect(value, depth + 1, out);
                } else if (only == null || only.isInstance(value)) {
                    out.add(value);
                }
            }
        }
    }

    private record Compiled(TypeParams params, Map<String, List<ValuePath>> tokens, List<ValuePath> date) {
    }

    public TypeParams of(String type) {
        return compile(type).params;
    }

    /** The token array and date range a resource version is found by. */
    public Columns columns(Resource resource) {
        Compiled c = compile(resource.fhirType());
        Set<String> tokens = new LinkedHashSet<>();
        for (Map.Entry<String, List<ValuePath>> param : c.tokens.entrySet()) {
            for (IBase value : values(resource, param.getValue())) {
                addTokens(tokens, param.getKey(), value);
            }
        }
        DateRange date = null;
        for (IBase value : values(resource, c.date)) {
            DateRange range = range(value);
            if (range != null) {
                date = date == null ? range : date.span(range);
            }
        }
        return tokens.isEmpty() && date == null ? Columns.NONE : new Columns(tokens.isEmpty() ? null : tokens.toArray(String[]::new), date);
    }

    /** The array entry a token query value matches: {@code system|code}, {@code |code}, {@code code} or {@code system|}. */
    public static String queryToken(String param, String value) {
        int bar = value.indexOf('|');
        return bar < 0 ? param + ":" + value : param + "|" + value;
    }

    private static List<IBase> values(Resource resource, List<ValuePath> paths) {
        List<IBase> out = new ArrayList<>();
        for (ValuePath path : paths) {
            path.collect(resource, 0, out);
        }
        return out;
    }

    private static void addTokens(Set<String> tokens, String param, IBase value) {
        if (value instanceof CodeableConcept concept) {
            concept.getCoding().forEach(coding -> addTokens(tokens, param, coding));
        } else if (value instanceof Coding coding) {
            add(tokens, param, coding.getSystem(), coding.getCode());
        } else if (value instanceof Identifier identifier) {
            add(tokens, param, identifier.getSystem(), identifier.getValue());
        } else if (value instanceof IPrimitiveType<?> code) {
            add(tokens, param, null, code.getValueAsString());
        }
    }

    private static void add(Set<String> tokens, String param, String system, String code) {
        if (code == null || code.isEmpty()) {
            return;
        }
        String s = system == null ? "" : system;
        tokens.add(param + "|" + s + "|" + code);
        tokens.add(param + ":" + code);
        if (!s.isEmpty()) {
            tokens.add(param + "|" + s + "|");
        }
    }

    private static DateRange range(IBase value) {
        if (value instanceof BaseDateTimeType dt) {
            return DateRange.parse(dt.getValueAsString()).orElse(null);
        }
        if (value instanceof Period p && (p.hasStart() || p.hasEnd())) {
            DateRange start = DateRange.parse(p.getStartElement().getValueAsString()).orElse(null);
            DateRange end = DateRange.parse(p.getEndElement().getValueAsString()).orElse(null);
            return new DateRange(start == null ? DateRange.EARLIEST : start.low(), end == null ? DateRange.LATEST : end.high());
        }
        return null;
    }

    private Compiled compile(String type) {
        return compiled.computeIfAbsent(type, this::build);
    }

    private Compiled build(String type) {
        RuntimeResourceDefinition definition = fhir.getResourceDefinition(type);
        Map<String, Param> params = new LinkedHashMap<>();
        params.put("_id", new Param("_id", Kind.TOKEN, "http://hl7.org/fhir/SearchParameter/Resource-id", "Logical id; comma = any of"));
        params.put("_lastUpdated", new Param("_lastUpdated", Kind.DATE, "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated",
                "When the version was stored; prefixes eq ne gt lt ge le sa eb"));
        if (type.equals("Provenance")) {
            params.put("patient", new Param("patient", Kind.REFERENCE, null,
                    "The patient whose care plan a Provenance of this service records (Provenance received from elsewhere "
                            + "is not filed under a patient)"));
        } else if (type.equals("Patient") || PATIENT_ELEMENTS.stream().anyMatch(e -> definition.getChildByName(e) != null)) {
            params.put("patient", new Param("patient", Kind.REFERENCE, null,
                    "The patient the resource is about (subject / patient element): id, Patient/id or an absolute URL"));
            params.put("subject", new Param("subject", Kind.REFERENCE, null, "Same as patient (Patient references only)"));
        }
        RuntimeSearchParam status = definition.getSearchParam("status");
        if (status != null && (type + ".status").equals(status.getPath()) && definition.getChildByName("status") != null) {
            params.put("status", new Param("status", Kind.TOKEN, null, "Status code; comma = any of"));
        }
        Map<String, List<ValuePath>> tokens = new LinkedHashMap<>();
        for (String name : TOKEN_PARAMS) {
            RuntimeSearchParam p = definition.getSearchParam(name);
            List<ValuePath> paths = p == null ? null : paths(definition, p.getPath());
            if (paths != null) {
                tokens.put(name, paths);
                params.put(name, new Param(name, Kind.TOKEN, null,
                        "system|code, |code (no system), code (any system) or system| (any code); comma = any of"));
            }
        }
        List<ValuePath> date = List.of();
        String dateName = null;
        for (String name : DATE_PARAMS) {
            RuntimeSearchParam p = definition.getSearchParam(name);
            List<ValuePath> paths = p == null ? null : paths(definition, p.getPath());
            if (paths != null) {
                date = paths;
                dateName = name;
                params.put(name, new Param(name, Kind.DATE, null,
                        "Prefixes eq ne gt lt ge le sa eb; partial dates (2026, 2026-03) cover their whole period; also a _sort key"));
                break;
            }
        }
        return new Compiled(new TypeParams(type, java.util.Collections.unmodifiableMap(params), Optional.ofNullable(dateName)), tokens, date);
    }

    /** The walkable paths of an R4 expression such as "(MedicationRequest.medication as CodeableConcept)", or null. */
    private List<ValuePath> paths(RuntimeResourceDefinition definition, String expression) {
        if (expression == null || expression.isBlank()) {
            return null;
        }
        List<ValuePath> paths = new ArrayList<>();
        for (String alternative : expression.split("\\|")) {
            String part = alternative.trim();
            Class<?> only = null;
            if (part.startsWith("(") && part.endsWith(")")) {
                part = part.substring(1, part.length() - 1).trim();
            }
            int as = part.indexOf(" as ");
            if (as > 0) {
                only = dataType(part.substring(as + 4).trim());
                part = part.substring(0, as).trim();
            } else if (part.endsWith(")") && part.contains(".as(")) {
                int at = part.lastIndexOf(".as(");
                only = dataType(part.substring(at + 4, part.length() - 1));
                part = part.substring(0, at);
            }
            if (!part.startsWith(definition.getName() + ".")) {
                continue;
            }
            List<BaseRuntimeChildDefinition> chain = chain(definition, part.substring(definition.getName().length() + 1).split("\\."));
            if (chain == null) {
                return null;
            }
            paths.add(new ValuePath(chain, only));
        }
        return paths.isEmpty() ? null : paths;
    }

    private Class<?> dataType(String name) {
        BaseRuntimeElementDefinition<?> type = fhir.getElementDefinition(name);
        return type == null ? Object.class : type.getImplementingClass();
    }

    private static List<BaseRuntimeChildDefinition> chain(BaseRuntimeElementCompositeDefinition<?> start, String[] segments) {
        List<BaseRuntimeChildDefinition> chain = new ArrayList<>();
        BaseRuntimeElementCompositeDefinition<?> at = start;
        for (int i = 0; i < segments.length; i++) {
            BaseRuntimeChildDefinition child = at.getChildByName(segments[i]);
            if (child == null) {
                child = at.getChildByName(segments[i] + "[x]");
            }
            if (child == null) {
                return null;
            }
            chain.add(child);
            if (i + 1 < segments.length) {
                if (!(child.getChildByName(segments[i]) instanceof BaseRuntimeElementCompositeDefinition<?> next)) {
                    return null;
                }
                at = next;
            }
        }
        return chain;
    }
}

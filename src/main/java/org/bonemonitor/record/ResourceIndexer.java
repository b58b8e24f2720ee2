package org.bonemonitor.record;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.FamilyMemberHistory;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Extracts the typed columns of a resource (patient, status, codes, identifiers, effective dates,
 * numeric value) and its content hash. Works for every R4 type by element name; the types the
 * rules read get their dates and values by their own fields.
 */
@ApplicationScoped
public class ResourceIndexer {

    private static final List<String> PATIENT_ELEMENTS = SearchParameters.PATIENT_ELEMENTS;

    @Inject
    FhirContext fhir;
    @Inject
    SearchParameters searchParameters;

    /** The encoded resource (without versionId/lastUpdated) and its row for the given version. */
    public ResourceRow row(Resource resource, String json, String contentHash, int version, Instant lastUpdated) {
        String type = resource.fhirType();
        Dates dates = dates(resource);
        Quantity quantity = resource instanceof Observation o && o.hasValueQuantity() ? o.getValueQuantity() : null;
        SearchParameters.Columns search = searchParameters.columns(resource);
        return new ResourceRow(type, resource.getIdElement().getIdPart(), version, lastUpdated, false,
                patientId(resource).orElse(null), primitive(resource, "status"), codes(resource), identifiers(resource),
                dates.start, dates.end, quantity == null ? null : quantity.getValue(),
                quantity == null ? null : truncate(quantity.hasCode() ? quantity.getCode() : quantity.getUnit()),
                contentHash, json, search.tokens(), search.date() == null ? null : search.date().low(),
                search.date() == null ? null : search.date().high());
    }

    /** The id of the Patient a resource belongs to, when it names one by a relative reference. */
    public Optional<String> patientId(Resource resource) {
        if (resource.fhirType().equals("Patient")) {
            return Optional.ofNullable(resource.getIdElement().getIdPart());
        }
        RuntimeResourceDefinition definition = fhir.getResourceDefinition(resource);
        for (String name : PATIENT_ELEMENTS) {
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                continue;
            }
            for (IBase value : child.getAccessor().getValues(resource)) {
                if (value instanceof Reference ref && ref.getReference() != null && ref.getReference().startsWith("Patient/")) {
                    String id = ref.getReference().substring("Patient/".length());
                    int history = id.indexOf('/');
                    return Optional.of(history < 0 ? id : id.substring(0, history));
                }
            }
        }
        return Optional.empty();
    }

    public String[] identifiers(Resource resource) {
        BaseRuntimeChildDefinition child = fhir.getResourceDefinition(resource).getChildByName("identifier");
        if (child == null) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        for (IBase value : child.getAccessor().getValues(resource)) {
            if (value instanceof Identifier identifier && identifier.hasValue()) {
                tokens.add(token(identifier.getSystem(), identifier.getValue()));
            }
        }
        return tokens.isEmpty() ? null : tokens.toArray(String[]::new);
    }

    /** The search token of an identifier, as {@code identifier=system|value} names it. */
    public static String token(String system, String value) {
        return (system == null ? "" : system) + "|" + value;
    }

    private String primitive(Resource resource, String name) {
        BaseRuntimeChildDefinition child = fhir.getResourceDefinition(resource).getChildByName(name);
        if (child == null) {
            return null;
        }
        List<IBase> values = child.getAccessor().getValues(resource);
        return !values.isEmpty() && values.get(0) instanceof IPrimitiveType<?> p ? truncate(p.getValueAsString()) : null;
    }

    private String[] codes(Resource resource) {
        Set<String> codes = new LinkedHashSet<>();
        if (resource instanceof Observation o) {
            add(codes, o.getCode());
            o.getComponent().forEach(c -> add(codes, c.getCode()));
            if (o.hasValueCodeableConcept()) {
                add(codes, o.getValueCodeableConcept());
            }
        } else if (resource instanceof MedicationStatement m && m.hasMedicationCodeableConcept()) {
            add(codes, m.getMedicationCodeableConcept());
        } else if (resource instanceof MedicationRequest m && m.hasMedicationCodeableConcept()) {
            add(codes, m.getMedicationCodeableConcept());
        } else if (resource instanceof MedicationAdministration m && m.hasMedicationCodeableConcept()) {
            add(codes, m.getMedicationCodeableConcept());
        } else if (resource instanceof MedicationDispense m && m.hasMedicationCodeableConcept()) {
            add(codes, m.getMedicationCodeableConcept());
        } else if (resource instanceof FamilyMemberHistory f) {
            f.getCondition().forEach(c -> add(codes, c.getCode()));
        } else {
            BaseRuntimeChildDefinition child = fhir.getResourceDefinition(resource).getChildByName("code");
            if (child != null) {
                child.getAccessor().getValues(resource).forEach(v -> {
                    if (v instanceof CodeableConcept concept) {
                        add(codes, concept);
                    }
                });
            }
        }
        return codes.isEmpty() ? null : codes.toArray(String[]::new);
    }

    private static void add(Set<String> codes, CodeableConcept concept) {
        for (Coding coding : concept.getCoding()) {
            if (coding.hasCode()) {
                codes.add(token(coding.getSystem(), coding.getCode()));
            }
        }
    }

    private record Dates(LocalDate start, LocalDate end) {
        static final Dates NONE = new Dates(null, null);
    }

    private static Dates dates(Resource resource) {
        if (resource instanceof Observation o) {
            return of(o.getEffective());
        } else if (resource instanceof MedicationStatement m) {
            return of(m.getEffective());
        } else if (resource instanceof MedicationAdministration m) {
            return of(m.getEffective());
        } else if (resource instanceof MedicationRequest m) {
            return new Dates(date(m.getAuthoredOnElement()), null);
        } else if (resource instanceof MedicationDispense m) {
            return new Dates(date(m.getWhenHandedOverElement()), null);
        } else if (resource instanceof Condition c) {
            Dates onset = of(c.getOnset());
            return new Dates(onset.start, c.hasAbatementDateTimeType() ? date(c.getAbatementDateTimeType()) : onset.end);
        } else if (resource instanceof Procedure p) {
            return of(p.getPerformed());
        } else if (resource instanceof Encounter e) {
            return of(e.getPeriod());
        } else if (resource instanceof FamilyMemberHistory f) {
            return new Dates(date(f.getDateElement()), null);
        }
        return Dates.NONE;
    }

    private static Dates of(Type value) {
        if (value instanceof BaseDateTimeType dt) {
            LocalDate d = date(dt);
            return new Dates(d, d);
        }
        if (value instanceof Period p) {
            return new Dates(date(p.getStartElement()), date(p.getEndElement()));
        }
        return Dates.NONE;
    }

    /** The calendar date as written (no time-zone shift); a partial date takes its first day. */
    static LocalDate date(BaseDateTimeType value) {
        if (value == null || value.getValueAsString() == null) {
            return null;
        }
        String text = value.getValueAsString();
        int year = Integer.parseInt(text.substring(0, 4));
        int month = text.length() >= 7 ? Integer.parseInt(text.substring(5, 7)) : 1;
        int day = text.length() >= 10 ? Integer.parseInt(text.substring(8, 10)) : 1;
        return LocalDate.of(year, month, day);
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 64);
    }

    public static String hash(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

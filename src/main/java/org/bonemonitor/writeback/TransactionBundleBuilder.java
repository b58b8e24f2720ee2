package org.bonemonitor.writeback;

import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.bonemonitor.record.SourceRecord;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns one patient plan change into the FHIR {@code transaction} Bundle the EHR receives:
 * <ul>
 *   <li>a resource at version 1 (or without a version) is a conditional create:
 *       {@code POST CarePlan} with {@code ifNoneExist: identifier=system|value};</li>
 *   <li>a later version is a conditional update: {@code PUT CarePlan?identifier=system|value};</li>
 *   <li>references between the resources of the change become their {@code urn:uuid} fullUrls;
 *       references to our resources sent in an earlier change become conditional references
 *       ({@code ServiceRequest?identifier=system|value});</li>
 *   <li>references to the patient's record (the Patient, the evidence) name it the way the EHR knows
 *       it: by the EHR's own id when the record came with it, else by business identifier (a logical
 *       reference: {@code type} + {@code identifier}), else they are left out of what is sent (a
 *       reference the resource requires, such as {@code subject}, stays as it is and the EHR says
 *       why it refuses it); references to resources we do not hold stay as they are.</li>
 * </ul>
 * Our ids and {@code meta.versionId}/{@code lastUpdated} are not sent: the EHR assigns its own.
 * See docs/writeback.md, "References to the patient's record".
 */
public final class TransactionBundleBuilder {

    /** The Bundle as JSON, a one-line summary of what it carries, and the identities to remember. */
    public record Built(String json, String summary, List<Identity> identities) { }

    /** One of our resources ({@code type/id}) and our business identifier for it. */
    public record Identity(String type, String id, String system, String value) {
        String conditionalUrl() {
            return type + "?" + searchParameter();
        }

        String searchParameter() {
            return "identifier=" + encode(system) + "|" + encode(value);
        }
    }

    private final FhirContext fhirContext;
    private final String identifierSystemPrefix;
    private final String ehrBase;

    /**
     * @param ehrBase the EHR's FHIR base URL: a record that came with an absolute fullUrl on this base
     *                is referenced by the id in it; {@code null} when none is configured
     */
    public TransactionBundleBuilder(FhirContext fhirContext, String identifierSystemPrefix, String ehrBase) {
        this.fhirContext = fhirContext;
        this.identifierSystemPrefix = identifierSystemPrefix;
        this.ehrBase = ehrBase == null ? null : trimSlash(ehrBase);
    }

    /** The {@code Type/id} keys the resources reference relatively: what {@code sources} is asked about. */
    public Set<String> referencedKeys(List<? extends Resource> changed) {
        FhirTerser terser = fhirContext.newTerser();
        Set<String> keys = new LinkedHashSet<>();
        for (Resource resource : changed) {
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                relativeKey(reference).ifPresent(keys::add);
            }
        }
        return keys;
    }

    /** Type/id of a resource to write back: its id as stored ({@code abc}) or typed ({@code CarePlan/abc}). */
    private static String key(Resource resource) {
        IIdType id = resource.getIdElement();
        if (!id.hasIdPart() || id.hasResourceType() && !id.getResourceType().equals(resource.fhirType())) {
            throw new IllegalArgumentException("a resource to write back needs an id (" + resource.fhirType() + "/<id>)");
        }
        return resource.fhirType() + "/" + id.getIdPart();
    }

    /**
     * @param earlier our identifier for a resource ({@code type/id}) enqueued in an earlier change, if known
     * @param sources what we hold of a referenced record ({@code type/id}): its origin and identifiers
     * @throws IllegalArgumentException when a resource has no id or no identifier of ours, or appears twice
     */
    public Built build(List<? extends Resource> changed, Function<String, Optional<Identity>> earlier,
            Function<String, Optional<SourceRecord>> sources) {
        FhirTerser terser = fhirContext.newTerser();
        Map<String, Identity> identities = new LinkedHashMap<>();
        Map<String, String> fullUrls = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>();
        for (Resource resource : changed) {
            String key = key(resource);
            Identifier ours = terser.getValues(resource, "identifier", Identifier.class).stream()
                    .filter(i -> i.hasSystem() && i.getSystem().startsWith(identifierSystemPrefix) && i.hasValue())
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(key + " has no identifier whose system starts with "
                            + identifierSystemPrefix + "; write-back needs it for conditional create/update"));
            if (identities.containsKey(key)) {
                throw new IllegalArgumentException(key + " appears twice in one change");
            }
            identities.put(key, new Identity(resource.fhirType(), resource.getIdElement().getIdPart(), ours.getSystem(), ours.getValue()));
            String version = resource.getMeta().hasVersionId() ? resource.getMeta().getVersionId() : null;
            fullUrls.put(key, "urn:uuid:" + UUID.nameUUIDFromBytes((key + "/_history/" + version)
                    .getBytes(StandardCharsets.UTF_8)));
            summary.add(version == null ? key : key + "/_history/" + version);
        }

        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource original : changed) {
            String key = key(original);
            Identity identity = identities.get(key);
            Resource copy = original.copy();
            copy.setId((String) null);
            copy.getMeta().setVersionIdElement(null).setLastUpdatedElement(null);
            if (copy.getMeta().isEmpty()) {
                copy.setMeta(null);
            }
            Set<Reference> leftOut = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
                if (!rewrite(reference, fullUrls, earlier, sources)) {
                    leftOut.add(reference);
                }
            }
            if (!leftOut.isEmpty()) {
                leaveOut(copy, leftOut);
            }
            Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrls.get(key)).setResource(copy);
            if (isNew(original)) {
                entry.getRequest().setMethod(HTTPVerb.POST).setUrl(identity.type())
                        .setIfNoneExist(identity.searchParameter());
            } else {
                entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(identity.conditionalUrl());
            }
        }
        return new Built(fhirContext.newJsonParser().encodeResourceToString(bundle), String.join(" ", summary),
                List.copyOf(identities.values()));
    }

    private static boolean isNew(Resource resource) {
        String version = resource.getMeta().getVersionId();
        return version == null || version.isBlank() || "1".equals(version.trim());
    }

    /** Rewrites one reference for the EHR; false when it must be left out of what is sent. */
    private boolean rewrite(Reference reference, Map<String, String> fullUrls, Function<String, Optional<Identity>> earlier,
            Function<String, Optional<SourceRecord>> sources) {
        Optional<String> target = relativeKey(reference);
        if (target.isEmpty()) {
            return true;
        }
        String key = target.get();
        String fullUrl = fullUrls.get(key);
        if (fullUrl != null) {
            reference.setReference(fullUrl);
            return true;
        }
        Optional<Identity> ours = earlier.apply(key);
        if (ours.isPresent()) {
            reference.setReference(ours.get().conditionalUrl());
            return true;
        }
        Optional<SourceRecord> source = sources.apply(key);
        if (source.isEmpty()) {
            return true;
        }
        Optional<String> ehrId = ehrId(source.get());
        if (ehrId.isPresent()) {
            reference.setReference(source.get().type() + "/" + ehrId.get());
            return true;
        }
        Optional<String[]> identifier = source.get().identifierTokens().stream()
                .map(t -> t.split("\\|", 2)).filter(t -> t.length == 2 && !t[0].isEmpty() && !t[1].isEmpty()).findFirst();
        if (identifier.isPresent()) {
            reference.setReference(null);
            reference.setType(source.get().type());
            reference.setIdentifier(new Identifier().setSystem(identifier.get()[0]).setValue(identifier.get()[1]));
            return true;
        }
        return false;
    }

    /** The EHR's own id of a record: it came by PUT Type/id, or with an absolute fullUrl on the EHR's base. */
    private Optional<String> ehrId(SourceRecord source) {
        return source.origin().filter(o -> o.originBase() == null || trimSlash(o.originBase()).equals(ehrBase))
                .map(o -> o.originId());
    }

    /**
     * Removes the references to leave out from the elements that hold them, recursively. One that its
     * element requires (min 1, as CarePlan.subject) stays: the EHR's refusal then says what is missing.
     */
    private void leaveOut(Base element, Set<Reference> leftOut) {
        for (Property property : element.children()) {
            for (Base value : List.copyOf(property.getValues())) {
                if (!(value instanceof Reference reference) || !leftOut.contains(reference)) {
                    leaveOut(value, leftOut);
                } else if (property.getValues().size() > 1 || !required(element, property.getName())) {
                    element.removeChild(property.getName(), value);
                }
            }
        }
    }

    private boolean required(Base element, String childName) {
        BaseRuntimeElementDefinition<?> definition = fhirContext.getElementDefinition(element.getClass());
        return definition instanceof BaseRuntimeElementCompositeDefinition<?> composite
                && composite.getChildByName(childName) != null && composite.getChildByName(childName).getMin() > 0;
    }

    /** The {@code Type/id} a reference names relatively; empty for urn:, conditional, contained, absolute and logical ones. */
    private static Optional<String> relativeKey(Reference reference) {
        if (!reference.hasReference() || reference.getReference().contains("?")
                || reference.getReference().startsWith("urn:") || reference.getReference().startsWith("#")) {
            return Optional.empty();
        }
        IIdType target = reference.getReferenceElement();
        if (!target.hasResourceType() || !target.hasIdPart() || target.isAbsolute()) {
            return Optional.empty();
        }
        return Optional.of(target.getResourceType() + "/" + target.getIdPart());
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

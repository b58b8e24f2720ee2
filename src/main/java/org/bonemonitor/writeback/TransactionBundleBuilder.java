package org.bonemonitor.writeback;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
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
 *       ({@code ServiceRequest?identifier=system|value}); all others, the Patient first of all, stay
 *       as they are, since they are the EHR's own ids.</li>
 * </ul>
 * Our ids and {@code meta.versionId}/{@code lastUpdated} are not sent: the EHR assigns its own.
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

    public TransactionBundleBuilder(FhirContext fhirContext, String identifierSystemPrefix) {
        this.fhirContext = fhirContext;
        this.identifierSystemPrefix = identifierSystemPrefix;
    }

    /**
     * @param earlier our identifier for a resource ({@code type/id}) enqueued in an earlier change, if known
     * @throws IllegalArgumentException when a resource has no id or no identifier of ours, or appears twice
     */
    public Built build(List<? extends Resource> changed, Function<String, Optional<Identity>> earlier) {
        FhirTerser terser = fhirContext.newTerser();
        Map<String, Identity> identities = new LinkedHashMap<>();
        Map<String, String> fullUrls = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>();
        for (Resource resource : changed) {
            IIdType id = resource.getIdElement();
            if (!id.hasResourceType() || !id.hasIdPart()) {
                throw new IllegalArgumentException("a resource to write back has no id of the form Type/id");
            }
            String key = id.getResourceType() + "/" + id.getIdPart();
            Identifier ours = terser.getValues(resource, "identifier", Identifier.class).stream()
                    .filter(i -> i.hasSystem() && i.getSystem().startsWith(identifierSystemPrefix) && i.hasValue())
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(key + " has no identifier whose system starts with "
                            + identifierSystemPrefix + "; write-back needs it for conditional create/update"));
            if (identities.containsKey(key)) {
                throw new IllegalArgumentException(key + " appears twice in one change");
            }
            identities.put(key, new Identity(id.getResourceType(), id.getIdPart(), ours.getSystem(), ours.getValue()));
            String version = resource.getMeta().hasVersionId() ? resource.getMeta().getVersionId() : null;
            fullUrls.put(key, "urn:uuid:" + UUID.nameUUIDFromBytes((key + "/_history/" + version)
                    .getBytes(StandardCharsets.UTF_8)));
            summary.add(version == null ? key : key + "/_history/" + version);
        }

        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource original : changed) {
            IIdType id = original.getIdElement();
            String key = id.getResourceType() + "/" + id.getIdPart();
            Identity identity = identities.get(key);
            Resource copy = original.copy();
            copy.setId((String) null);
            copy.getMeta().setVersionIdElement(null).setLastUpdatedElement(null);
            if (copy.getMeta().isEmpty()) {
                copy.setMeta(null);
            }
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
                rewrite(reference, fullUrls, earlier);
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

    private static void rewrite(Reference reference, Map<String, String> fullUrls,
            Function<String, Optional<Identity>> earlier) {
        if (!reference.hasReference() || reference.getReference().contains("?")
                || reference.getReference().startsWith("urn:") || reference.getReference().startsWith("#")) {
            return;
        }
        IIdType target = reference.getReferenceElement();
        if (!target.hasResourceType() || !target.hasIdPart() || target.isAbsolute()) {
            return;
        }
        String key = target.getResourceType() + "/" + target.getIdPart();
        String fullUrl = fullUrls.get(key);
        if (fullUrl != null) {
            reference.setReference(fullUrl);
            return;
        }
        earlier.apply(key).ifPresent(identity -> reference.setReference(identity.conditionalUrl()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package org.bonemonitor.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * FHIR JSON as a Jackson tree: read strictly once (the same tree feeds HAPI's parser), and stored
 * per resource straight from that tree — as received, with ids set and references rewritten —
 * which costs a fraction of re-encoding HAPI's model.
 */
final class JsonResources {

    /** Strict JSON: no single quotes, no leading '+', no duplicate keys, nothing after the root. */
    static final ObjectMapper MAPPER = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactory())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private JsonResources() {
    }

    /**
     * The stored form of one resource: {@code id} set (first after resourceType), references
     * rewritten as the transaction resolved them, and no meta.versionId / meta.lastUpdated (the
     * row holds those).
     */
    static String stored(ObjectNode resource, String id, Map<String, String> rewritten) {
        if (!rewritten.isEmpty()) {
            rewrite(resource, rewritten);
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.set("resourceType", resource.get("resourceType"));
        out.put("id", id);
        for (Iterator<Map.Entry<String, JsonNode>> fields = resource.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("resourceType") || name.equals("id")) {
                continue;
            }
            if (name.equals("meta") && field.getValue() instanceof ObjectNode meta) {
                ObjectNode kept = meta.deepCopy();
                kept.remove("versionId");
                kept.remove("lastUpdated");
                if (!kept.isEmpty()) {
                    out.set("meta", kept);
                }
                continue;
            }
            out.set(name, field.getValue());
        }
        try {
            return MAPPER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }

    /** Replaces every {@code "reference": "<old>"} whose value the transaction resolved. */
    private static void rewrite(JsonNode node, Map<String, String> rewritten) {
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("reference");
            if (reference != null && reference.isTextual()) {
                String mapped = rewritten.get(reference.textValue());
                if (mapped != null) {
                    object.put("reference", mapped);
                }
            }
            for (JsonNode child : object) {
                if (child.isContainerNode()) {
                    rewrite(child, rewritten);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode child : array) {
                if (child.isContainerNode()) {
                    rewrite(child, rewritten);
                }
            }
        }
    }
}

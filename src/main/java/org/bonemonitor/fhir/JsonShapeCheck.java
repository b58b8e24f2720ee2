package org.bonemonitor.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bonemonitor.fhir.FhirException.Issue;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The JSON shape rules HAPI's parser lets pass: an array where the element holds one value, and a
 * primitive of the wrong JSON type (a number for a date or a string, a string for a number). Walks
 * the request's JSON tree against HAPI's model definitions; everything else HAPI reports itself.
 */
final class JsonShapeCheck {

    private static final int MAX_ERRORS = 50;

    private final FhirContext fhir;
    private final List<Issue> errors;
    private boolean sawModifierExtension;

    /** Walks {@code resource}, adding shape errors to {@code errors}. */
    JsonShapeCheck(FhirContext fhir, ObjectNode resource, List<Issue> errors) {
        this.fhir = fhir;
        this.errors = errors;
        resource(resource, "");
    }

    /** Whether the tree holds a modifierExtension anywhere (the parser then reports each one). */
    boolean sawModifierExtension() {
        return sawModifierExtension;
    }

    private void resource(ObjectNode resource, String path) {
        JsonNode type = resource.get("resourceType");
        if (type == null || !type.isTextual() || !fhir.getResourceTypes().contains(type.textValue())) {
            return;
        }
        RuntimeResourceDefinition definition = fhir.getResourceDefinition(type.textValue());
        composite(definition, resource, path.isEmpty() ? type.textValue() : path);
    }

    private void composite(BaseRuntimeElementCompositeDefinition<?> definition, ObjectNode node, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext() && errors.size() < MAX_ERRORS; ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.startsWith("_") || name.equals("resourceType") || name.equals("fhir_comments")) {
                continue;
            }
            sawModifierExtension |= name.equals("modifierExtension");
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                continue;
            }
            JsonNode value = field.getValue();
            String where = path + "." + name;
            if (value.isArray()) {
                if (child.getMax() == 1) {
                    errors.add(error(where, "Element '" + name + "' holds one value, not an array"));
                    continue;
                }
                for (JsonNode item : value) {
                    value(child, name, item, where);
                }
            } else {
                value(child, name, value, where);
            }
        }
    }

    private void value(BaseRuntimeChildDefinition child, String name, JsonNode value, String path) {
        if (value.isNull()) {
            return;
        }
        // Extension children are declared under other internal names; they are plain Extensions.
        BaseRuntimeElementDefinition<?> definition = name.equals("extension") || name.equals("modifierExtension")
                ? fhir.getElementDefinition(org.hl7.fhir.r4.model.Extension.class) : child.getChildByName(name);
        if (definition == null) {
            return;
        }
        switch (definition.getChildType()) {
            case PRIMITIVE_DATATYPE, ID_DATATYPE -> {
                String expected = expectedJsonType(definition.getImplementingClass());
                boolean ok = switch (expected) {
                    case "boolean" -> value.isBoolean();
                    case "number" -> value.isNumber();
                    default -> value.isTextual();
                };
                if (!ok && value.isValueNode()) {
                    errors.add(error(path, "Element '" + name + "' must be a JSON " + expected + ", not " + describe(value)));
                }
            }
            case COMPOSITE_DATATYPE, RESOURCE_BLOCK -> {
                if (value instanceof ObjectNode object && definition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    composite(composite, object, path);
                }
            }
            case RESOURCE, CONTAINED_RESOURCE_LIST, CONTAINED_RESOURCES -> {
                if (value instanceof ObjectNode object) {
                    if (name.equals("contained") && object.has("contained")) {
                        // HAPI would flatten it silently
                        errors.add(error(path, "A contained resource itself contains resources; a contained resource SHALL NOT "
                                + "contain resources (dom-2)"));
                    }
                    resource(object, path);
                }
            }
            default -> {
            }
        }
    }

    private static String expectedJsonType(Class<?> primitive) {
        if (BooleanType.class.isAssignableFrom(primitive)) {
            return "boolean";
        }
        if (IntegerType.class.isAssignableFrom(primitive) || DecimalType.class.isAssignableFrom(primitive)
                || primitive.getSimpleName().equals("Integer64Type")) {
            return "number";
        }
        return "string";
    }

    private static String describe(JsonNode value) {
        return value.isNumber() ? "a number" : value.isBoolean() ? "a boolean" : value.isTextual() ? "a string" : "an " + value.getNodeType().name().toLowerCase();
    }

    private static Issue error(String path, String text) {
        return new Issue(IssueSeverity.ERROR, IssueType.STRUCTURE, text, path);
    }
}

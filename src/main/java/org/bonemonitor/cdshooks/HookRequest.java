package org.bonemonitor.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a CDS Hooks 2.0 request the service reads.
 *
 * @param prefetch   the {@code prefetch} object (may be missing: every key then counts as absent)
 * @param selections order-select's {@code context.selections} ("Type/id")
 * @param draftOrders order-select / order-sign {@code context.draftOrders} (a Bundle), if any
 */
record HookRequest(String hook, String hookInstance, String patientId, Optional<String> fhirServer,
        Optional<String> accessToken, List<String> selections, Optional<JsonNode> draftOrders, Optional<JsonNode> prefetch) {

    static HookRequest from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CdsException.badRequest("the request body must be a JSON object");
        }
        String hook = text(body, "hook").orElseThrow(() -> CdsException.badRequest("'hook' is required"));
        String hookInstance = text(body, "hookInstance").orElseThrow(() -> CdsException.badRequest("'hookInstance' is required"));
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            throw CdsException.badRequest("'context' is required");
        }
        String patientId = text(context, "patientId").orElseThrow(() -> CdsException.badRequest("'context.patientId' is required"));
        if (patientId.startsWith("Patient/")) {
            patientId = patientId.substring("Patient/".length());
        }
        Optional<String> fhirServer = text(body, "fhirServer");
        Optional<String> token = Optional.empty();
        JsonNode auth = body.get("fhirAuthorization");
        if (auth != null && auth.isObject()) {
            token = text(auth, "access_token");
        }
        List<String> selections = List.of();
        JsonNode sel = context.get("selections");
        if (sel != null && sel.isArray()) {
            selections = java.util.stream.StreamSupport.stream(sel.spliterator(), false).filter(JsonNode::isTextual)
                    .map(JsonNode::asText).toList();
        }
        JsonNode drafts = context.get("draftOrders");
        if (drafts != null && !drafts.isNull() && !(drafts.isObject() && "Bundle".equals(drafts.path("resourceType").asText()))) {
            throw CdsException.badRequest("'context.draftOrders' must be a FHIR Bundle");
        }
        JsonNode prefetch = body.get("prefetch");
        return new HookRequest(hook, hookInstance, patientId, fhirServer, token, selections,
                Optional.ofNullable(drafts).filter(JsonNode::isObject), Optional.ofNullable(prefetch).filter(JsonNode::isObject));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}

package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import ca.uhn.fhir.util.IModelVisitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.fhir.FhirException.Issue;
import org.hl7.fhir.instance.model.api.IBaseHasModifierExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Parses FHIR request bodies as strictly as the specification asks. HAPI's parser is lenient by
 * default; here every value of the wrong type or shape, code outside a required value set,
 * extension without url, modifierExtension (we understand none), DOCTYPE and trailing content is
 * an error (400), and an unknown plain element is a warning the caller passes on.
 */
@ApplicationScoped
public class FhirParser {

    /**
     * The parsed resource, the warnings (unknown elements) to report with the answer, and for JSON
     * the tree it was parsed from (stored as received); null for XML.
     */
    public record Parsed(IBaseResource resource, List<Issue> warnings, ObjectNode json) {
    }

    private static final int MAX_REPORTED_ISSUES = 50;
    private static final int XML_PROLOG_PEEK = 16 * 1024;

    @Inject
    FhirContext fhir;

    public Parsed parse(InputStream body, FhirFormat format, long maxBytes) {
        Collector collector = new Collector();
        GuardedInputStream guarded = new GuardedInputStream(body, maxBytes, format == FhirFormat.XML);
        IBaseResource resource;
        ObjectNode json = null;
        boolean modifierExtensionInJson = false;
        try {
            IParser parser = format.newParser(fhir).setParserErrorHandler(collector);
            if (format == FhirFormat.JSON) {
                JsonNode root = JsonResources.MAPPER.readTree(guarded);
                if (!(root instanceof ObjectNode object)) {
                    throw new FhirException(400, IssueType.STRUCTURE, "Body is not valid FHIR JSON: it must be a JSON object");
                }
                json = object;
                JacksonStructure structure = new JacksonStructure();
                structure.setNativeObject(object);
                resource = ((JsonParser) parser).parseResource(structure);
                restoreEntryIds(resource, object);
                modifierExtensionInJson = new JsonShapeCheck(fhir, object, collector.errors).sawModifierExtension();
            } else {
                BufferedInputStream in = new BufferedInputStream(guarded, XML_PROLOG_PEEK);
                checkXmlRoot(in);
                // FHIR bodies are UTF-8: bytes that are not (whatever the prolog says) are refused, never replaced
                resource = parser.parseResource(new java.io.InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)));
            }
        } catch (GuardedInputStream.TooLarge e) {
            throw tooLarge(maxBytes);
        } catch (RuntimeException e) {
            if (causedByTooLarge(e)) {
                throw tooLarge(maxBytes);
            }
            if (causedBy(e, java.nio.charset.CharacterCodingException.class)) {
                throw notUtf8();
            }
            if (guarded.sawDoctype()) {
                throw doctype();
            }
            if (!collector.errors.isEmpty()) {
                // HAPI post-processes what it parsed (e.g. BundleUtil reading request.method) and can
                // trip over a value it has already reported as invalid: report that value.
                throw new FhirException(400, cap(collector.errors));
            }
            if (e instanceof IllegalArgumentException) {
                throw new FhirException(400, IssueType.VALUE, "Body is not valid FHIR: it holds a value outside the allowed codes");
            }
            if (!(e instanceof DataFormatException dataFormat)) {
                throw e;
            }
            throw new FhirException(400, IssueType.STRUCTURE, describe(dataFormat));
        } catch (JsonProcessingException e) {
            throw new FhirException(400, IssueType.STRUCTURE, "Body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (guarded.sawDoctype()) {
            throw doctype();
        }
        if (guarded.sawModifierExtension() || modifierExtensionInJson) {
            collector.errors.addAll(modifierExtensions(resource));
        }
        if (guarded.sawNestedContained()) {
            collector.errors.add(Issue.error(IssueType.STRUCTURE, "A contained resource itself contains resources; "
                    + "a contained resource SHALL NOT contain resources (dom-2)"));
        }
        if (!collector.errors.isEmpty()) {
            throw new FhirException(400, cap(collector.errors));
        }
        return new Parsed(resource, cap(collector.warnings), json);
    }

    /**
     * HAPI's tree-based parse ignores {@code overrideResourceIdWithBundleEntryFullUrl=false} and
     * gives each entry's resource its fullUrl as id; put back the id the body states (or none).
     */
    private static void restoreEntryIds(IBaseResource resource, ObjectNode json) {
        JsonNode entries = json.get("entry");
        if (!(resource instanceof org.hl7.fhir.r4.model.Bundle bundle) || entries == null || !entries.isArray()
                || entries.size() != bundle.getEntry().size()) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            org.hl7.fhir.r4.model.Resource entryResource = bundle.getEntry().get(i).getResource();
            JsonNode id = entries.get(i).path("resource").get("id");
            if (entryResource != null) {
                entryResource.setIdElement(id != null && id.isTextual()
                        ? new org.hl7.fhir.r4.model.IdType(entryResource.fhirType(), id.textValue())
                        : new org.hl7.fhir.r4.model.IdType());
            }
        }
    }

    /** A parse failure in words for the caller, without HAPI's message codes. */
    static String describe(DataFormatException e) {
        String message = e.getMessage() == null ? "unreadable content" : e.getMessage();
        message = message.replaceAll("HAPI-\\d+: ", "")
                // HAPI's XML parser prefixes "DataFormatException at [[row,col {unknown-source}]: [1,1]]: "
                .replaceAll("\\w*Exception at \\[\\[row,col[^\\]]*\\]: \\[(\\d+),(\\d+)\\]\\]", "at line $1, column $2")
                .replaceAll("(\\w+\\.)*\\w*Exception: ?", "");
        return "Body is not valid FHIR: " + message;
    }

    private List<Issue> modifierExtensions(IBaseResource resource) {
        List<Issue> found = new ArrayList<>();
        fhir.newTerser().visit(resource, (IModelVisitor) (res, element, path, child, definition) -> {
            if (element instanceof IBaseHasModifierExtensions holder && !holder.getModifierExtension().isEmpty()) {
                String url = holder.getModifierExtension().get(0).getUrl();
                found.add(new Issue(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR, IssueType.NOTSUPPORTED,
                        "Unknown modifierExtension " + url + ": this server cannot process its meaning safely",
                        path == null ? resource.fhirType() : String.join(".", path)));
            }
        });
        return found;
    }

    /** FHIR XML has its root in the FHIR namespace; DOCTYPEs are refused by the stream guard. */
    private static void checkXmlRoot(BufferedInputStream in) throws IOException {
        in.mark(XML_PROLOG_PEEK);
        byte[] head = in.readNBytes(XML_PROLOG_PEEK);
        in.reset();
        String text = new String(head, StandardCharsets.UTF_8);
        java.util.regex.Matcher declared = XML_ENCODING.matcher(text);
        if (declared.lookingAt() && !declared.group(1).equalsIgnoreCase("UTF-8") && !declared.group(1).equalsIgnoreCase("UTF8")) {
            throw new FhirException(400, IssueType.STRUCTURE, "Body is not valid FHIR XML: it declares encoding '" + declared.group(1)
                    + "', but FHIR XML is UTF-8 (declare encoding=\"UTF-8\" or none)");
        }
        int at = 0;
        while (true) {
            int open = text.indexOf('<', at);
            if (open < 0 || open + 1 >= text.length()) {
                return;
            }
            char next = text.charAt(open + 1);
            if (next == '?' || next == '!') {
                at = open + 1;
                continue;
            }
            int close = text.indexOf('>', open);
            String tag = close < 0 ? text.substring(open) : text.substring(open, close);
            if (!tag.contains("\"http://hl7.org/fhir\"") && !tag.contains("'http://hl7.org/fhir'")) {
                throw new FhirException(400, IssueType.STRUCTURE,
                        "Body is not valid FHIR XML: the root element must be in the namespace http://hl7.org/fhir");
            }
            return;
        }
    }

    private static final java.util.regex.Pattern XML_ENCODING = java.util.regex.Pattern.compile(
            "\\uFEFF?\\s*<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([^\"']*)[\"']");

    private static FhirException notUtf8() {
        return new FhirException(400, IssueType.STRUCTURE, "Body is not valid FHIR XML: its bytes are not UTF-8 "
                + "(FHIR XML is UTF-8; its declared encoding must match its bytes)");
    }

    private static FhirException doctype() {
        return new FhirException(400, IssueType.SECURITY,
                "XML with a DOCTYPE is refused: FHIR XML has no DTD, and entities are never resolved");
    }

    private static FhirException tooLarge(long maxBytes) {
        return new FhirException(413, IssueType.TOOCOSTLY,
                "Request body is larger than the limit of " + maxBytes + " bytes (bone-monitor.ingest.max-body-size)");
    }

    private static List<Issue> cap(List<Issue> issues) {
        return issues.size() <= MAX_REPORTED_ISSUES ? issues : issues.subList(0, MAX_REPORTED_ISSUES);
    }

    /** HAPI and Jackson wrap the stream's exception; look through the causes. */
    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedByTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GuardedInputStream.TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** Sorts HAPI's parse findings into errors and warnings. */
    private static final class Collector implements IParserErrorHandler {
        final List<Issue> errors = new ArrayList<>();
        final List<Issue> warnings = new ArrayList<>();

        private void error(IssueType type, String text, IParseLocation location) {
            errors.add(new Issue(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR, type, text, where(location)));
        }

        private static String where(IParseLocation location) {
            return location == null || location.getParentElementName() == null ? null : location.getParentElementName();
        }

        @Override
        public void unknownElement(IParseLocation location, String name) {
            warnings.add(Issue.warning(IssueType.INFORMATIONAL,
                    "Unknown element '" + name + "' was ignored", where(location)));
        }

        @Override
        public void unknownAttribute(IParseLocation location, String name) {
            warnings.add(Issue.warning(IssueType.INFORMATIONAL,
                    "Unknown attribute '" + name + "' was ignored", where(location)));
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            error(IssueType.VALUE, "Invalid value" + (value == null ? "" : " '" + value + "'") + ": " + error, location);
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String name) {
            error(IssueType.REQUIRED, "Missing required element '" + name + "'", location);
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String name, ValueType expected, ScalarType expectedScalar,
                ValueType found, ScalarType foundScalar) {
            error(IssueType.STRUCTURE, "Element '" + name + "' has the wrong JSON type: expected "
                    + describe(expected, expectedScalar) + ", found " + describe(found, foundScalar), location);
        }

        private static String describe(ValueType type, ScalarType scalar) {
            return scalar == null ? String.valueOf(type).toLowerCase() : String.valueOf(scalar).toLowerCase();
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String name) {
            error(IssueType.STRUCTURE, "Element '" + name + "' may not repeat", location);
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            error(IssueType.REQUIRED, "A contained resource has no id", location);
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            error(IssueType.INVALID, "Reference '" + reference + "' cannot be resolved", location);
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            error(IssueType.INVALID, "Internal reference '" + reference + "' names no contained resource", location);
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            error(IssueType.STRUCTURE, "An extension has both a value and nested extensions", location);
        }
    }
}

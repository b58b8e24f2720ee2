package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Locale;
import java.util.Optional;

/** The two FHIR wire formats, and how a request names them (Content-Type, Accept, _format). */
public enum FhirFormat {
    JSON("application/fhir+json"),
    XML("application/fhir+xml");

    private final String mediaType;

    FhirFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType + ";charset=utf-8";
    }

    public IParser newParser(FhirContext context) {
        return this == JSON ? context.newJsonParser() : context.newXmlParser();
    }

    /** The format of a request body; empty when the Content-Type is not a FHIR format (→ 415). */
    public static Optional<FhirFormat> ofContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Optional.empty();
        }
        return ofName(contentType.split(";", 2)[0].trim());
    }

    /** The response format: {@code _format} wins over {@code Accept}; JSON when neither names one. */
    public static FhirFormat forResponse(String formatParameter, String accept) {
        if (formatParameter != null && !formatParameter.isBlank()) {
            return ofName(formatParameter.trim()).orElse(JSON);
        }
        if (accept != null) {
            for (String range : accept.split(",")) {
                Optional<FhirFormat> named = ofName(range.split(";", 2)[0].trim());
                if (named.isPresent()) {
                    return named.get();
                }
            }
        }
        return JSON;
    }

    private static Optional<FhirFormat> ofName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "json", "application/json", "application/fhir+json", "application/json+fhir", "text/json":
                return Optional.of(JSON);
            case "xml", "application/xml", "application/fhir+xml", "application/xml+fhir", "text/xml":
                return Optional.of(XML);
            default:
                return Optional.empty();
        }
    }
}

package org.bonemonitor.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bonemonitor.security.AuditEvents;
import org.bonemonitor.security.AuditLog;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * The audit trail as FHIR AuditEvents: {@code GET /fhir/AuditEvent?patient=&date=&_count=&_offset=&_sort=-date},
 * newest first, for auditors (scope {@code bone-monitor/audit}). AuditEvents are never written through
 * the API: POST and PUT here answer 405.
 */
@Path("/fhir/AuditEvent")
@Tag(name = "FHIR R4")
public class AuditEventEndpoint {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern DATE = Pattern.compile("(eq|ge|gt|le|lt)?(\\d{4}(-\\d{2}(-\\d{2}(T.+)?)?)?)");
    private static final List<String> SUPPORTED = List.of("patient", "date", "_count", "_offset", "_sort", "_format");
    /** The trail is always served newest first; these ask for just that. */
    private static final List<String> SORTS = List.of("-date", "-_lastUpdated");

    @Inject
    AuditLog audit;
    @Inject
    FhirResponses responses;
    @Context
    ContainerRequestContext request;
    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Search the audit trail by patient and date (AuditEvent, IHE BALP shape)")
    public Response search() {
        var query = uri.getQueryParameters();
        for (String name : query.keySet()) {
            if (!SUPPORTED.contains(name)) {
                throw FhirException.invalid("Search parameter '" + name + "' is not supported on AuditEvent; supported: " + SUPPORTED);
            }
        }
        for (String sort : query.getOrDefault("_sort", List.of())) {
            if (!SORTS.contains(sort)) {
                throw FhirException.invalid("_sort: AuditEvents are served newest first (_sort=-date), not '" + sort + "'");
            }
        }
        List<String> patients = null;
        if (query.containsKey("patient")) {
            patients = new ArrayList<>();
            for (String value : query.get("patient")) {
                for (String one : value.split(",")) {
                    String id = one.startsWith("Patient/") ? one.substring("Patient/".length()) : one;
                    if (!ID.matcher(id).matches()) {
                        throw FhirException.invalid("patient: '" + one + "' is not a Patient id");
                    }
                    patients.add(id);
                }
            }
        }
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        for (String value : query.getOrDefault("date", List.of())) {
            var m = DATE.matcher(value);
            if (!m.matches()) {
                throw FhirException.invalid("date: '" + value + "' is not [ge|gt|le|lt|eq]YYYY[-MM[-DD[Thh:mm:ss+zz:zz]]]");
            }
            String prefix = m.group(1) == null ? "eq" : m.group(1);
            Instant start;
            Instant end;
            try {
                if (m.group(3) == null) {
                    LocalDate year = LocalDate.of(Integer.parseInt(m.group(2)), 1, 1);
                    start = year.atStartOfDay(ZoneOffset.UTC).toInstant();
                    end = year.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                } else if (m.group(4) == null) {
                    LocalDate month = LocalDate.parse(m.group(2) + "-01");
                    start = month.atStartOfDay(ZoneOffset.UTC).toInstant();
                    end = month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                } else if (m.group(5) == null) {
                    LocalDate day = LocalDate.parse(m.group(2));
                    start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                    end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                } else {
                    start = new DateTimeType(m.group(2)).getValue().toInstant();
                    end = start.plusMillis(1);
                }
            } catch (DateTimeParseException | ca.uhn.fhir.parser.DataFormatException e) {
                throw FhirException.invalid("date: '" + value + "' is not a valid date");
            }
            switch (prefix) {
                case "ge" -> from = Optional.of(start);
                case "gt" -> from = Optional.of(end);
                case "lt" -> to = Optional.of(start);
                case "le" -> to = Optional.of(end);
                default -> {
                    from = Optional.of(start);
                    to = Optional.of(end);
                }
            }
        }
        int count = number(query.getFirst("_count"), 50, "_count");
        count = Math.min(count, 500);
        int offset = number(query.getFirst("_offset"), 0, "_offset");
        List<AuditLog.Row> rows = audit.find(patients, from, to, offset, count + 1);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        String base = uri.getBaseUri().toString().replaceAll("/+$", "") + "/fhir";
        bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        for (AuditLog.Row row : rows.subList(0, Math.min(count, rows.size()))) {
            bundle.addEntry().setFullUrl(base + "/AuditEvent/" + row.id()).setResource(AuditEvents.of(row))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        if (rows.size() > count) {
            bundle.addLink().setRelation("next").setUrl(uri.getRequestUriBuilder().replaceQueryParam("_offset", offset + count).build()
                    .toString());
        }
        return responses.resource(request, 200, bundle).build();
    }

    private static int number(String value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("\\d{1,6}")) {
            throw FhirException.invalid(name + ": '" + value + "' is not a non-negative number");
        }
        return Integer.parseInt(value);
    }
}

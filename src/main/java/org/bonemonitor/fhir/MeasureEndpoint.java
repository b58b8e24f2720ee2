package org.bonemonitor.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bonemonitor.ops.CareGaps;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The bone-health monitoring {@code Measure} and {@code Measure/$care-gaps} (Da Vinci DEQM):
 * binds and checks the parameters, calls {@link CareGaps}, encodes.
 */
@Path("/fhir")
@Tag(name = "FHIR R4")
public class MeasureEndpoint {

    static final String CARE_GAPS = "$care-gaps";
    private static final int MAX_SUBJECTS = 1000;

    @Inject
    CareGaps careGaps;
    @Inject
    FhirResponses responses;
    @ConfigProperty(name = "bone-monitor.canonical-base")
    String canonicalBase;
    @Context
    ContainerRequestContext request;
    @Context
    UriInfo uri;

    @Inject
    FhirEndpoint records;

    /**
     * {@code $care-gaps}, our Measure, or a Measure stored as received (read as {@link FhirEndpoint} reads
     * every type). The segment is matched here: a '$' in @Path, literal or in a regular expression, does not route.
     */
    @GET
    @Path("Measure/{id}")
    @Operation(summary = "The bone-health monitoring Measure, a stored Measure, or $care-gaps (Da Vinci DEQM)",
            description = "GET /fhir/Measure/bone-health-monitoring reads our Measure. GET /fhir/Measure/$care-gaps?periodStart=2026-01-01"
                    + "&periodEnd=2026-12-31&subject=Patient/p1&status=open-gap returns a Parameters with one document Bundle per "
                    + "subject (Composition, Patient, DetectedIssue with the gap status, MeasureReport). subject may be Group/{id}; "
                    + "status (repeatable) is open-gap, closed-gap, prospective-gap or not-applicable (default: all).")
    public Response get(@PathParam("id") String id) {
        if (CARE_GAPS.equals(id)) {
            return careGaps();
        }
        if (CareGaps.MEASURE_ID.equals(id)) {
            return responses.resource(request, 200, careGaps.measure(canonicalBase)).build();
        }
        return records.read("Measure", id);
    }

    private Response careGaps() {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        LocalDate start = date(q, "periodStart");
        LocalDate end = date(q, "periodEnd");
        if (end.isBefore(start)) {
            throw FhirException.invalid("periodEnd must not be before periodStart");
        }
        for (String name : List.of("measureId", "measureUrl")) {
            for (String value : q.getOrDefault(name, List.of())) {
                if (!value.equals(CareGaps.MEASURE_ID) && !value.equals(canonicalBase + "/Measure/" + CareGaps.MEASURE_ID)) {
                    throw FhirException.notFound(name + " '" + value + "' is not known; this server evaluates Measure/"
                            + CareGaps.MEASURE_ID);
                }
            }
        }
        List<String> subjects = q.getOrDefault("subject", List.of());
        if (subjects.size() != 1) {
            throw new FhirException(400, IssueType.REQUIRED, "exactly one subject is required: Patient/{id} or Group/{id}");
        }
        String subject = subjects.get(0);
        CareGaps.Subject parsed;
        if (subject.matches("Patient/[A-Za-z0-9\\-.]{1,64}")) {
            parsed = new CareGaps.PatientSubject(subject.substring("Patient/".length()));
        } else if (subject.matches("Group/[A-Za-z0-9\\-.]{1,64}")) {
            parsed = new CareGaps.GroupSubject(subject.substring("Group/".length()));
        } else {
            throw FhirException.invalid("subject must be Patient/{id} or Group/{id}, not '" + subject + "'");
        }
        Set<CareGaps.GapStatus> wanted = EnumSet.noneOf(CareGaps.GapStatus.class);
        for (String s : q.getOrDefault("status", List.of())) {
            for (String code : s.split(",")) {
                wanted.add(CareGaps.GapStatus.ofCode(code.trim()).orElseThrow(() -> FhirException.invalid(
                        "status must be open-gap, closed-gap, prospective-gap or not-applicable, not '" + code.trim() + "'")));
            }
        }
        if (wanted.isEmpty()) {
            wanted = EnumSet.allOf(CareGaps.GapStatus.class);
        }
        List<String> patients = careGaps.patientsOf(parsed).orElseThrow(() -> FhirException.notFound(subject + " is not known"));
        if (patients.size() > MAX_SUBJECTS) {
            throw new FhirException(400, IssueType.TOOCOSTLY, subject + " has " + patients.size() + " members; at most "
                    + MAX_SUBJECTS + " per call");
        }
        return responses.resource(request, 200, careGaps.careGaps(start, end, patients, wanted, canonicalBase, base())).build();
    }

    private static LocalDate date(MultivaluedMap<String, String> q, String name) {
        List<String> values = q.getOrDefault(name, List.of());
        if (values.size() != 1) {
            throw new FhirException(400, IssueType.REQUIRED, name + " is required once, as a date (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(values.get(0));
        } catch (DateTimeParseException e) {
            throw FhirException.invalid(name + " must be a date (YYYY-MM-DD), not '" + values.get(0) + "'");
        }
    }

    private String base() {
        String root = uri.getBaseUri().toString();
        return (root.endsWith("/") ? root : root + "/") + "fhir";
    }
}

package org.bonemonitor.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A request the FHIR surface refuses, with the HTTP status and the issues to report in an
 * OperationOutcome. The one exception type of the FHIR layer; mapped in {@link FhirExceptionMappers}.
 */
public class FhirException extends RuntimeException {

    /** One OperationOutcome issue: severity, type, text and an optional FHIRPath location. */
    public record Issue(IssueSeverity severity, IssueType type, String diagnostics, String location) {
        public static Issue error(IssueType type, String diagnostics) {
            return new Issue(IssueSeverity.ERROR, type, diagnostics, null);
        }

        public static Issue warning(IssueType type, String diagnostics, String location) {
            return new Issue(IssueSeverity.WARNING, type, diagnostics, location);
        }
    }

    private final int status;
    private final transient List<Issue> issues;

    public FhirException(int status, List<Issue> issues) {
        super(issues.isEmpty() ? "FHIR request refused" : issues.get(0).diagnostics());
        this.status = status;
        this.issues = List.copyOf(issues);
    }

    public FhirException(int status, IssueType type, String diagnostics) {
        this(status, List.of(Issue.error(type, diagnostics)));
    }

    public static FhirException invalid(String diagnostics) {
        return new FhirException(400, IssueType.INVALID, diagnostics);
    }

    public static FhirException notFound(String diagnostics) {
        return new FhirException(404, IssueType.NOTFOUND, diagnostics);
    }

    public int status() {
        return status;
    }

    public List<Issue> issues() {
        return issues;
    }
}

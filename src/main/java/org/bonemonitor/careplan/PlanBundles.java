package org.bonemonitor.careplan;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** The {@code collection} Bundle that {@code $bone-health-plan} returns. */
public final class PlanBundles {

    private PlanBundles() {
    }

    /**
     * The plan's CarePlan, ServiceRequests and Provenance with full URLs under {@code fhirBase}; or,
     * without a plan, one informational OperationOutcome saying why (no AI therapy, out of scope…). A
     * stateless call has no earlier plan, so an ended episode with nothing left to do gets the outcome
     * too, never an empty completed CarePlan (RULES.md §6 "§4 / operation").
     */
    public static Bundle collection(String fhirBase, PlanResources plan, BoneHealthAssessment assessment) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        String base = fhirBase.endsWith("/") ? fhirBase.substring(0, fhirBase.length() - 1) : fhirBase;
        if (plan.hasPlan() && !assessment.planCompleted()) {
            for (Resource r : plan.all()) {
                bundle.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
            }
            return bundle;
        }
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(assessment.outcomeReason().getBytes(StandardCharsets.UTF_8)))
                .setResource(noPlan(assessment));
        return bundle;
    }

    /** An informational OperationOutcome giving the assessment's outcome and its reason. */
    public static OperationOutcome noPlan(BoneHealthAssessment assessment) {
        OperationOutcome outcome = new OperationOutcome();
        String why = assessment.planCompleted() ? "nothing-remains" : assessment.outcome().name().toLowerCase().replace('_', '-');
        String text = "No bone-health plan (" + why + "): " + assessment.outcomeReason();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics(text);
        outcome.getText().setStatus(Narrative.NarrativeStatus.GENERATED);
        outcome.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + CarePlanFactory.esc(text) + "</div>");
        return outcome;
    }
}

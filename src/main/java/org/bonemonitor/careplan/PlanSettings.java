package org.bonemonitor.careplan;

import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;

/**
 * How generated resources are flagged (RULES.md §4): the CarePlan's and the ServiceRequests'
 * {@code intent}. Both default to {@code proposal}: the service suggests, a clinician decides.
 *
 * @param carePlanIntent       {@code proposal} or {@code plan}
 * @param serviceRequestIntent {@code proposal}, {@code plan} or {@code order}
 */
public record PlanSettings(CarePlanIntent carePlanIntent, ServiceRequestIntent serviceRequestIntent) {

    public PlanSettings {
        Objects.requireNonNull(carePlanIntent, "carePlanIntent");
        Objects.requireNonNull(serviceRequestIntent, "serviceRequestIntent");
        if (carePlanIntent != CarePlanIntent.PROPOSAL && carePlanIntent != CarePlanIntent.PLAN) {
            throw new IllegalArgumentException("CarePlan intent must be proposal or plan, not " + carePlanIntent.toCode());
        }
        if (serviceRequestIntent != ServiceRequestIntent.PROPOSAL && serviceRequestIntent != ServiceRequestIntent.PLAN
                && serviceRequestIntent != ServiceRequestIntent.ORDER) {
            throw new IllegalArgumentException("ServiceRequest intent must be proposal, plan or order, not "
                    + serviceRequestIntent.toCode());
        }
    }

    /** Both intents {@code proposal}. */
    public static PlanSettings defaults() {
        return new PlanSettings(CarePlanIntent.PROPOSAL, ServiceRequestIntent.PROPOSAL);
    }

    /** From the FHIR codes, e.g. {@code of("plan", "proposal")} (configuration values). */
    public static PlanSettings of(String carePlanIntent, String serviceRequestIntent) {
        try {
            return new PlanSettings(CarePlanIntent.fromCode(carePlanIntent.trim().toLowerCase(Locale.ROOT)),
                    ServiceRequestIntent.fromCode(serviceRequestIntent.trim().toLowerCase(Locale.ROOT)));
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

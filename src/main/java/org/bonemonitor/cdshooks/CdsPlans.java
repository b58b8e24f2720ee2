package org.bonemonitor.cdshooks;

import jakarta.enterprise.context.ApplicationScoped;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.terminology.CodeTables;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The plan resources a card suggests creating, built by the care-plan factory. */
@ApplicationScoped
public class CdsPlans {

    private final InterimCarePlanFactory factory;

    CdsPlans(@ConfigProperty(name = "bone-monitor.canonical-base") String canonicalBase) {
        this.factory = new InterimCarePlanFactory(CodeTables.standard(), canonicalBase, null);
    }

    SuggestedPlan build(String patientId, BoneHealthAssessment assessment) {
        var built = factory.build(patientId, assessment);
        return new SuggestedPlan(built.carePlan(), built.serviceRequests());
    }
}

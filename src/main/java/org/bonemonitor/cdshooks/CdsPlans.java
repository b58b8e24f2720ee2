package org.bonemonitor.cdshooks;

import jakarta.enterprise.context.ApplicationScoped;
import org.bonemonitor.careplan.CarePlanFactory;
import org.bonemonitor.careplan.PlanResources;
import org.bonemonitor.careplan.PlanSettings;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.terminology.CodeTables;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The plan resources a card suggests creating: exactly what the care-plan feature builds. */
@ApplicationScoped
public class CdsPlans {

    private final CarePlanFactory factory;

    CdsPlans(@ConfigProperty(name = "bone-monitor.canonical-base") String canonicalBase) {
        this.factory = new CarePlanFactory(CodeTables.standard(), canonicalBase, PlanSettings.defaults());
    }

    SuggestedPlan build(String patientId, BoneHealthAssessment assessment) {
        PlanResources built = factory.build(patientId, assessment);
        return new SuggestedPlan(built.carePlan(), built.serviceRequests());
    }

    /** The rule set's PlanDefinition, the card's {@code source.url} unless configured otherwise. */
    String planDefinitionUrl() {
        return factory.planDefinitionUrl();
    }
}

package org.bonemonitor.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.bonemonitor.careplan.PatientAssessed;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

/** Keeps the ops read model in step with every assessment, in the transaction that stores the plan. */
@ApplicationScoped
public class CohortRecorder {

    private final CohortRepository cohort;
    private final OpsMetrics metrics;

    CohortRecorder(CohortRepository cohort, OpsMetrics metrics) {
        this.cohort = cohort;
        this.metrics = metrics;
    }

    void onAssessed(@Observes PatientAssessed event) {
        PatientFacts facts = PatientFacts.of(event.assessment());
        String name = event.record().stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst()
                .filter(Patient::hasName).map(p -> displayName(p.getNameFirstRep())).orElse(null);
        cohort.upsert(event.patientId(), name, event.assessment().asOf(), Instant.now(), event.assessment().ruleSetVersion(), facts);
        metrics.assessed(event.assessment());
    }

    /** "Family, Given Given": how clinical worklists show and sort people. */
    static String displayName(HumanName name) {
        String given = name.getGiven().stream().map(g -> g.getValue()).filter(g -> g != null && !g.isBlank())
                .collect(java.util.stream.Collectors.joining(" "));
        if (name.hasFamily()) {
            return given.isEmpty() ? name.getFamily() : name.getFamily() + ", " + given;
        }
        return given.isEmpty() ? (name.hasText() ? name.getText() : null) : given;
    }
}

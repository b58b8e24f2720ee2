package org.bonemonitor.careplan;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.BoneHealthRules;
import org.bonemonitor.guideline.PatientSnapshot;
import org.bonemonitor.platform.ClinicalClock;
import org.bonemonitor.snapshot.SnapshotBuilder;
import org.bonemonitor.terminology.CodeTables;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Resource;

/**
 * The one evaluation context behind every door — stored plans, the stateless {@code $bone-health-plan}
 * and CDS Hooks: the clinical clock, the snapshot builder, the rules and the plan factory configured
 * with {@code bone-monitor.plan.*-intent}. A door never builds its own.
 */
@ApplicationScoped
public class EvaluationContext {

    @Inject
    ClinicalClock clock;
    @Inject
    PlanConfig config;
    @ConfigProperty(name = "bone-monitor.canonical-base")
    String canonicalBase;

    private final SnapshotBuilder snapshots = SnapshotBuilder.standard();
    private CarePlanFactory factory;

    @PostConstruct
    void init() {
        factory = new CarePlanFactory(CodeTables.standard(), canonicalBase,
                PlanSettings.of(config.carePlanIntent(), config.serviceRequestIntent()));
    }

    /** The evaluation date of an evaluation that names none ({@code bone-monitor.plan.as-of}, else today in UTC). */
    public LocalDate today() {
        return clock.today();
    }

    /** The FHIR types the rules read (the one list). */
    public static List<String> inputTypes() {
        return SnapshotBuilder.INPUT_TYPES;
    }

    public PatientSnapshot snapshot(Collection<? extends Resource> record, LocalDate asOf, SnapshotBuilder.Options options) {
        return snapshots.build(record, asOf, options);
    }

    public PatientSnapshot snapshot(Collection<? extends Resource> record, LocalDate asOf) {
        return snapshot(record, asOf, SnapshotBuilder.Options.none());
    }

    public BoneHealthAssessment assess(PatientSnapshot snapshot) {
        return BoneHealthRules.assess(snapshot);
    }

    public BoneHealthAssessment assess(Collection<? extends Resource> record, LocalDate asOf, SnapshotBuilder.Options options) {
        return assess(snapshot(record, asOf, options));
    }

    /** The plan factory with the configured intents. */
    public CarePlanFactory factory() {
        return factory;
    }
}

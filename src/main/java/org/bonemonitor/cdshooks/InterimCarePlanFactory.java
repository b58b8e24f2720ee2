package org.bonemonitor.cdshooks;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.guideline.Recommendation;
import org.bonemonitor.terminology.CodeRow;
import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * STAND-IN for {@code org.bonemonitor.careplan.CarePlanFactory} (branch {@code careplan}), with exactly
 * its API shape: {@code new InterimCarePlanFactory(codes, canonicalBase, settings).build(patientId, assessment)}
 * → {@link PlanResources}. Used only until that branch is merged; {@link CdsPlans} is the one place to swap.
 */
final class InterimCarePlanFactory {

    record PlanResources(CarePlan carePlan, List<ServiceRequest> serviceRequests, Provenance provenance) {
    }

    private final CodeTables codes;
    private final String canonicalBase;

    InterimCarePlanFactory(CodeTables codes, String canonicalBase, Object settings) {
        this.codes = codes;
        this.canonicalBase = canonicalBase;
    }

    PlanResources build(String patientId, BoneHealthAssessment assessment) {
        if (!assessment.hasPlan()) {
            return new PlanResources(null, List.of(), null);
        }
        LocalDate episodeStart = assessment.episode().map(e -> e.start()).orElse(assessment.asOf());
        String planId = "bm-cp-" + uuid(patientId + "|" + episodeStart);
        CarePlan plan = new CarePlan();
        plan.setId(planId);
        plan.addIdentifier().setSystem(canonicalBase + "/careplan-id").setValue(planId);
        plan.setStatus(assessment.planCompleted() ? CarePlan.CarePlanStatus.COMPLETED : CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PROPOSAL);
        plan.setTitle("Bone health during aromatase-inhibitor therapy");
        plan.setSubject(new Reference("Patient/" + patientId));
        plan.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(episodeStart.toString()));
        plan.addInstantiatesCanonical(canonicalBase + "/PlanDefinition/aibl-2017");
        List<ServiceRequest> requests = new ArrayList<>();
        for (Recommendation r : assessment.recommendations()) {
            if (r.orderable()) {
                String srId = "bm-sr-" + uuid(patientId + "|" + episodeStart + "|" + r.code() + "|" + r.dueDate());
                ServiceRequest sr = new ServiceRequest();
                sr.setId(srId);
                sr.addIdentifier().setSystem(canonicalBase + "/servicerequest-id").setValue(srId);
                sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
                sr.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
                CodeableConcept code = new CodeableConcept().setText(r.display());
                for (CodeRow row : orderCodes(r.code())) {
                    code.addCoding().setSystem(row.system()).setCode(row.code()).setDisplay(row.display());
                }
                code.addCoding().setSystem(CodeTables.RECOMMENDATION_SYSTEM).setCode(r.code()).setDisplay(r.display());
                sr.setCode(code);
                sr.setSubject(new Reference("Patient/" + patientId));
                sr.setOccurrence(new DateTimeType(r.dueDate().toString()));
                sr.addReasonCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10-cm").setCode("Z79.811")
                        .setDisplay("Long term (current) use of aromatase inhibitors");
                sr.addBasedOn(new Reference("CarePlan/" + planId));
                sr.addNote().setText(r.reason());
                requests.add(sr);
                plan.addActivity().setReference(new Reference("ServiceRequest/" + srId));
            } else {
                CarePlan.CarePlanActivityDetailComponent d = plan.addActivity().getDetail();
                d.setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED);
                d.getCode().addCoding().setSystem(CodeTables.RECOMMENDATION_SYSTEM).setCode(r.code()).setDisplay(r.display());
                d.setDescription(r.reason());
            }
        }
        return new PlanResources(plan, requests, null);
    }

    private List<CodeRow> orderCodes(String rec) {
        String group = rec.startsWith("dxa-") ? "order-dxa" : "order-" + rec;
        return codes.groupNames().contains(group) ? codes.group(group).codings() : List.of();
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

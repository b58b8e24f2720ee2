package org.bonemonitor.writeback;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** Builds plan changes as the care-plan code will hand them to {@link Outbox#enqueue}. */
final class Plans {

    static final String PLAN_SYSTEM = "https://bone-monitor.org/fhir/sid/care-plan";
    static final String ORDER_SYSTEM = "https://bone-monitor.org/fhir/sid/service-request";

    private Plans() {
    }

    /** A new CarePlan (version 1) {@code CarePlan/<key>} with {@code orders} new ServiceRequests. */
    static List<Resource> newPlan(String patientId, String key, int orders) {
        CarePlan plan = carePlan(patientId, key, 1, "baseline");
        List<Resource> changed = new ArrayList<>();
        changed.add(plan);
        for (int i = 1; i <= orders; i++) {
            ServiceRequest order = serviceRequest(patientId, key, i, 1);
            plan.addActivity().setReference(new Reference("ServiceRequest/" + order.getIdElement().getIdPart()));
            changed.add(order);
        }
        return changed;
    }

    static CarePlan carePlan(String patientId, String key, int version, String description) {
        CarePlan plan = new CarePlan();
        plan.setId("CarePlan/" + key);
        plan.getMeta().setVersionId(String.valueOf(version));
        plan.addIdentifier().setSystem(PLAN_SYSTEM).setValue(key);
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference("Patient/" + patientId));
        plan.setTitle("Bone health plan").setDescription(description);
        return plan;
    }

    static ServiceRequest serviceRequest(String patientId, String planKey, int number, int version) {
        ServiceRequest order = new ServiceRequest();
        order.setId("ServiceRequest/" + planKey + "-sr" + number);
        order.getMeta().setVersionId(String.valueOf(version));
        order.addIdentifier().setSystem(ORDER_SYSTEM).setValue(planKey + "-sr" + number);
        order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE).setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setSubject(new Reference("Patient/" + patientId));
        order.addBasedOn(new Reference("CarePlan/" + planKey));
        order.getCode().setText("DXA scan " + number);
        return order;
    }
}

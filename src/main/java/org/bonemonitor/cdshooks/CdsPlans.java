package org.bonemonitor.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.careplan.EvaluationContext;
import org.bonemonitor.careplan.PlanResources;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The plan resources a card suggests creating — exactly what the care-plan feature builds — already
 * encoded as JSON. Building and encoding them is the costliest step of a hook call (the narratives are
 * XHTML), and a pure function of (patient, assessment): the result is cached, so the order-select and
 * order-sign calls of one prescription, or repeated patient-view calls, build it once. An assessment
 * carries its evaluation date, so a new day gives a new key.
 */
@ApplicationScoped
public class CdsPlans {

    /** One ServiceRequest: its recommendation code, what it orders in words, its due date, its JSON. */
    record OrderJson(String recommendationCode, String label, Optional<String> due, String json) {
    }

    /** The CarePlan (if any) with its activity count, and its ServiceRequests. */
    record PlanJson(Optional<String> carePlan, int activities, List<OrderJson> orders) {
    }

    private record Key(String patientId, BoneHealthAssessment assessment) {
    }

    private final Cache<Key, PlanJson> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    @Inject
    FhirContext fhir;

    /** The plan factory with the configured intents, as stored plans use it. */
    @Inject
    EvaluationContext context;

    PlanJson build(String patientId, BoneHealthAssessment assessment) {
        return cache.get(new Key(patientId, assessment), k -> encode(context.factory().build(k.patientId(), k.assessment())));
    }

    private PlanJson encode(PlanResources plan) {
        IParser json = fhir.newJsonParser();
        List<OrderJson> orders = new ArrayList<>();
        for (ServiceRequest sr : plan.serviceRequests()) {
            String code = sr.getCode().getCoding().stream().filter(c -> CodeTables.RECOMMENDATION_SYSTEM.equals(c.getSystem()))
                    .map(Coding::getCode).findFirst().orElse("");
            Optional<String> due = sr.hasOccurrenceDateTimeType() ? Optional.of(sr.getOccurrenceDateTimeType().getValueAsString())
                    : Optional.empty();
            orders.add(new OrderJson(code, label(sr), due, json.encodeResourceToString(sr)));
        }
        return new PlanJson(Optional.ofNullable(plan.carePlan()).map(json::encodeResourceToString),
                plan.carePlan() == null ? 0 : plan.carePlan().getActivity().size(), orders);
    }

    /** What a ServiceRequest orders, in words: its code's text, else the recommendation's display. */
    static String label(ServiceRequest sr) {
        if (sr.getCode().hasText()) {
            return sr.getCode().getText();
        }
        return sr.getCode().getCoding().stream().filter(c -> CodeTables.RECOMMENDATION_SYSTEM.equals(c.getSystem()) && c.hasDisplay())
                .map(Coding::getDisplay).findFirst()
                .orElse(sr.getCode().getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst().orElse("test"));
    }
}

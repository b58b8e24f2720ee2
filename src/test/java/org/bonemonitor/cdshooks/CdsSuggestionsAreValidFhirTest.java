package org.bonemonitor.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.testing.StrictR4Validator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * What an EHR applies when a clinician accepts a suggestion must be valid R4, reference target
 * types included: the suggested CarePlan and ServiceRequests of order-sign and patient-view.
 */
@QuarkusTest
class CdsSuggestionsAreValidFhirTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    @Test
    void suggestedResourcesOfOrderSignAreValid() {
        List<IBaseResource> suggested = suggestedResources(Cds.post(Cds.ORDER, Cds.fixture("order-sign-full-prefetch.json")));
        assertThat(suggested).extracting(IBaseResource::fhirType).contains("CarePlan", "ServiceRequest");
        suggested.forEach(r -> StrictR4Validator.assertValid("order-sign suggestion", r));
    }

    @Test
    void withABreastCancerConditionTheRequestsGiveItAsTheirReason() {
        ObjectNode request = Cds.fixture("order-sign-full-prefetch.json");
        String patient = request.at("/context/patientId").asText();
        ObjectNode condition = ((ObjectNode) request.at("/prefetch/conditions")).putArray("entry").addObject().putObject("resource");
        condition.put("resourceType", "Condition").put("id", patient + "-breast-cancer");
        condition.putObject("clinicalStatus").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
        condition.putObject("code").putArray("coding").addObject()
                .put("system", "http://hl7.org/fhir/sid/icd-10-cm").put("code", "C50.911");
        condition.putObject("subject").put("reference", "Patient/" + patient);

        for (String hook : List.of(Cds.ORDER, Cds.REVIEW)) {
            ObjectNode call = request.deepCopy();
            if (hook.equals(Cds.REVIEW)) {
                call.put("hook", "patient-view");
                ((ObjectNode) call.get("context")).remove("draftOrders");
            }
            List<IBaseResource> suggested = suggestedResources(Cds.post(hook, call));
            List<ServiceRequest> requests = suggested.stream().filter(ServiceRequest.class::isInstance)
                    .map(ServiceRequest.class::cast).toList();
            assertThat(requests).as(hook).isNotEmpty();
            requests.forEach(sr -> assertThat(sr.getReasonReference()).extracting(ref -> ref.getReference())
                    .containsExactly("Condition/" + patient + "-breast-cancer"));
            requests.forEach(sr -> assertThat(sr.getSupportingInfo()).extracting(ref -> ref.getReferenceElement().getResourceType())
                    .contains("MedicationRequest"));
            suggested.forEach(r -> StrictR4Validator.assertValid(hook + " suggestion", r));
        }
    }

    private static List<IBaseResource> suggestedResources(io.restassured.response.Response response) {
        JsonNode body = Cds.assertValidCdsResponse(response);
        List<IBaseResource> resources = new ArrayList<>();
        for (JsonNode card : body.get("cards")) {
            for (JsonNode suggestion : card.path("suggestions")) {
                for (JsonNode action : suggestion.path("actions")) {
                    if (action.has("resource")) {
                        resources.add(CTX.newJsonParser().parseResource(action.get("resource").toString()));
                    }
                }
            }
        }
        return resources;
    }
}

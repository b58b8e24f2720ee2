package org.bonemonitor.careplan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** Test helpers for the plan tests: post, search, parse. */
final class PlanApi {

    static final String JSON = "application/fhir+json; charset=UTF-8";

    private PlanApi() {
    }

    static String json(IBaseResource resource) {
        return ScenarioPlans.CTX.newJsonParser().encodeResourceToString(resource);
    }

    static Response post(String path, String body) {
        return given().contentType(JSON).accept(JSON).body(body).when().post(path);
    }

    static void transaction(String body) {
        Response r = post("/fhir", body);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    }

    static <T extends IBaseResource> T parse(Class<T> type, Response r) {
        return ScenarioPlans.CTX.newJsonParser().parseResource(type, r.asString());
    }

    static Bundle search(String query) {
        Response r = given().accept(JSON).when().get("/fhir/" + query);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return parse(Bundle.class, r);
    }

    static <T extends Resource> List<T> found(String query, Class<T> type) {
        return search(query).getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).toList();
    }

    static List<CarePlan> carePlans(String patientId) {
        return found("CarePlan?patient=" + patientId, CarePlan.class);
    }

    static List<ServiceRequest> serviceRequests(String patientId, String status) {
        return found("ServiceRequest?patient=" + patientId + (status == null ? "" : "&status=" + status) + "&_count=100",
                ServiceRequest.class);
    }

    static String recCode(ServiceRequest sr) {
        return CarePlanFactoryTest.recCode(sr);
    }
}

package org.bonemonitor.writeback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bonemonitor.careplan.PlanWorker;
import org.bonemonitor.terminology.CodeTables;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole loop against the strict in-test EHR: the EHR holds the patient's record (the scenario
 * fixture), the same record is posted to us, the plan is computed from the durable queue, and the
 * relay delivers it. The EHR must accept every delivery (its validator, reference target types and
 * referential integrity included) and then hold exactly the CarePlan and ServiceRequests we hold,
 * once; posting the record again sends nothing; a revision updates the EHR's CarePlan in place.
 */
@QuarkusTest
@TestProfile(WritebackProfiles.EndToEnd.class)
class IngestToEhrTest extends WritebackTestBase {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/bundles");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlanWorker planner;

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("s\\d\\d-.*\\.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyScenariosPlanIsDeliveredOnceAndARepostSendsNothing(String fixture) throws IOException {
        String patient = newPatient();
        String record = recordAtTheEhr(fixture, patient);
        post(record);

        assertThat(rowsOf(patient)).extracting(r -> r.status + " " + r.lastError).allMatch(s -> s.startsWith("SENT"));
        assertTheEhrHoldsExactlyOurPlan(patient);

        int transactionsSoFar = ehr.transactionRequests().size();
        post(record);
        assertThat(ehr.transactionRequests()).as("a re-post sends nothing").hasSize(transactionsSoFar);
    }

    @Test
    void referencesNameTheEhrsPatientAndTheRecordByIdentifier() throws IOException {
        String patient = newPatient();
        String record = recordAtTheEhr("s02-letrozole-order-osteopenia-three-risk-factors.json", patient);
        post(record);

        ServiceRequest request = (ServiceRequest) ehrRequests(patient).get(0);
        assertThat(request.getSubject().getReference()).as("the Patient came by PUT: the EHR's own id").isEqualTo("Patient/" + patient);
        Reference evidence = request.getSupportingInfoFirstRep();
        assertThat(evidence.hasReference()).as("POSTed with a urn:uuid: only we know our id").isFalse();
        assertThat(evidence.getType()).isEqualTo("MedicationRequest");
        assertThat(evidence.getIdentifier().getSystem()).isEqualTo("urn:oid:2.16.840.1.113883.19.5.99");
        assertThat(evidence.getIdentifier().getValue()).isEqualTo(patient + "-medreq-letrozole");
        assertThat(request.getReasonReference()).as("no breast-cancer Condition recorded").isEmpty();
        assertThat(request.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("Z79.811");
    }

    @Test
    void aRecordSentWithTheEhrsFullUrlsIsReferencedByTheEhrsIds() throws IOException {
        String patient = newPatient();
        String record = recordAtTheEhr("s02-letrozole-order-osteopenia-three-risk-factors.json", patient);
        // the EHR sends its own copy: every entry's fullUrl is the resource's address on the EHR
        ObjectNode bundle = (ObjectNode) JSON.readTree(record);
        for (JsonNode entry : bundle.get("entry")) {
            JsonNode resource = entry.get("resource");
            String type = resource.get("resourceType").asText();
            if (!type.equals("Patient")) {
                Resource held = ehr.find(type, resource.at("/identifier/0/value").asText()).orElseThrow();
                ((ObjectNode) entry).put("fullUrl", ehr.baseUrl() + "/" + held.getIdElement().toUnqualifiedVersionless().getValue());
            }
        }
        post(bundle.toString());

        Resource letrozole = ehr.find("MedicationRequest", patient + "-medreq-letrozole").orElseThrow();
        ServiceRequest request = (ServiceRequest) ehrRequests(patient).get(0);
        assertThat(request.getSupportingInfoFirstRep().getReference())
                .isEqualTo(letrozole.getIdElement().toUnqualifiedVersionless().getValue());
        CarePlan plan = (CarePlan) ehr.find("CarePlan", identifiers("CarePlan", patient).get(0)).orElseThrow();
        assertThat(plan.getSupportingInfo()).extracting(Reference::getReference).allMatch(r -> r.matches("(Observation|MedicationRequest)/\\d+"));
    }

    @Test
    void aRevisionUpdatesTheEhrsCarePlanInPlace() throws IOException {
        String patient = newPatient();
        String record = recordAtTheEhr("s01-anastrozole-new-start-no-dxa.json", patient);
        post(record);
        String planIdentifier = identifiers("CarePlan", patient).get(0);
        String ehrPlanId = ehr.find("CarePlan", planIdentifier).orElseThrow().getIdElement().getIdPart();

        // the baseline DXA is done: its result reaches the EHR and us
        String dxa = """
                {"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:%s",
                 "resource":{"resourceType":"Observation","identifier":[{"system":"urn:oid:2.16.840.1.113883.19.5.99","value":"%s-dxa"}],
                  "status":"final","code":{"coding":[{"system":"http://loinc.org","code":"38267-1"}]},
                  "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-06-01",
                  "valueQuantity":{"value":-0.5,"unit":"T-score","system":"http://unitsofmeasure.org","code":"1"}},
                 "request":{"method":"POST","url":"Observation"}}]}""".formatted(UUID.randomUUID(), patient, patient);
        ehr.record(dxa);
        post(dxa);

        assertThat(rowsOf(patient)).hasSize(2).allMatch(r -> r.status == OutboxEntry.Status.SENT);
        assertThat(ehr.countWithIdentifier("CarePlan", planIdentifier)).isEqualTo(1);
        Resource revised = ehr.find("CarePlan", planIdentifier).orElseThrow();
        assertThat(revised.getIdElement().getIdPart()).isEqualTo(ehrPlanId);
        assertThat(revised.getMeta().getVersionId()).isEqualTo("2");
        assertThat(ehrRequests(patient)).extracting(r -> recommendation((ServiceRequest) r) + " "
                + ((ServiceRequest) r).getStatus().toCode()).contains("dxa-baseline completed", "dxa-followup active");
        assertTheEhrHoldsExactlyOurPlan(patient);
    }

    private static String recommendation(ServiceRequest request) {
        return request.getCode().getCoding().stream().filter(c -> CodeTables.RECOMMENDATION_SYSTEM.equals(c.getSystem()))
                .map(c -> c.getCode()).findFirst().orElseThrow();
    }

    private static String newPatient() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The fixture as the patient's record (its scenario id, e.g. s02, replaced), recorded at the EHR. */
    private String recordAtTheEhr(String fixture, String patient) throws IOException {
        String record = Files.readString(FIXTURES.resolve(fixture)).replace(fixture.substring(0, 3), patient);
        ehr.record(record);
        return record;
    }

    private void post(String bundle) {
        io.restassured.response.Response response = given().contentType("application/fhir+json")
                .body(bundle.getBytes(StandardCharsets.UTF_8)).post("/fhir");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        planner.drain();
        deliverAll();
    }

    private void assertTheEhrHoldsExactlyOurPlan(String patient) {
        List<String> carePlans = identifiers("CarePlan", patient);
        List<String> serviceRequests = identifiers("ServiceRequest", patient);
        assertThat(ehr.count("CarePlan")).isEqualTo(carePlans.size());
        assertThat(ehr.count("ServiceRequest")).isEqualTo(serviceRequests.size());
        carePlans.forEach(id -> assertThat(ehr.countWithIdentifier("CarePlan", id)).as(id).isEqualTo(1));
        serviceRequests.forEach(id -> assertThat(ehr.countWithIdentifier("ServiceRequest", id)).as(id).isEqualTo(1));
    }

    /** The EHR's ServiceRequests of the patient, in the order of our stored ones. */
    private List<Resource> ehrRequests(String patient) {
        return identifiers("ServiceRequest", patient).stream().map(id -> ehr.find("ServiceRequest", id).orElseThrow()).toList();
    }

    /** The identifier values of our stored resources of one type for the patient. */
    private static List<String> identifiers(String type, String patient) {
        JsonPath search = given().accept("application/fhir+json").get("/fhir/" + type + "?patient=" + patient + "&_count=100")
                .then().statusCode(200).extract().jsonPath();
        return search.getList("entry.resource.collect { it.identifier[0].value }", String.class);
    }
}

package org.bonemonitor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/** What an auditor sees at GET /fhir/AuditEvent after reads, writes, refusals and ops calls. */
@QuarkusTest
@TestProfile(AuthTestProfile.class)
class AuditTest {

    static final FhirContext CTX = FhirContext.forR4Cached();
    static final String AUDITOR = IdpTokens.bearer(SmartScopes.AUDIT);

    static List<AuditEvent> trail(String query) {
        Response r = given().header("Authorization", IdpTokens.bearer(SmartScopes.AUDIT)).get("/fhir/AuditEvent?" + query);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        Bundle bundle = CTX.newJsonParser().parseResource(Bundle.class, r.asString());
        return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
    }

    static String subtype(AuditEvent e) {
        return e.getSubtypeFirstRep().getCode();
    }

    @Test
    void writesReadsAndRefusalsOfAPatientAreAuditedWithWhoWhatWhenWhere() {
        String id = AccessControlTest.id();
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.write")).header("X-Correlation-Id", "corr-" + id)
                .contentType("application/fhir+json").body(AccessControlTest.patient(id)).put("/fhir/Patient/" + id).statusCode())
                .isEqualTo(201);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.write")).contentType("application/fhir+json")
                .body(AccessControlTest.observation(id)).post("/fhir/Observation").statusCode()).isEqualTo(201);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Patient.read")).get("/fhir/Patient/" + id).statusCode())
                .isEqualTo(200);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Observation.read")).get("/fhir/Observation?patient=" + id)
                .statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/Observation.read")).get("/fhir/Patient/" + id)
                .statusCode()).isEqualTo(403);

        List<AuditEvent> events = trail("patient=" + id + "&date=ge" + LocalDate.now(ZoneOffset.UTC).minusDays(1));
        assertThat(events).extracting(AuditTest::subtype).contains("update", "create", "read", "search-type");

        AuditEvent create = events.stream().filter(e -> subtype(e).equals("update")).findFirst().orElseThrow();
        assertThat(create.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        assertThat(create.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        AuditEvent.AuditEventAgentComponent client = create.getAgentFirstRep();
        assertThat(client.getRequestor()).isTrue();
        assertThat(client.getWho().getIdentifier().getValue()).isEqualTo("ehr-feed");
        assertThat(client.getAltId()).isEqualTo("service-account-ehr-feed");
        assertThat(client.getPolicy()).extracting(p -> p.getValue()).containsExactly("system/*.write");
        assertThat(client.getNetwork().getAddress()).isEqualTo("127.0.0.1");
        assertThat(create.getEntity()).anySatisfy(e -> assertThat(e.getWhat().getReference()).isEqualTo("Patient/" + id));
        assertThat(create.getEntity()).anySatisfy(e -> assertThat(e.getWhat().getIdentifier().getValue()).isEqualTo("corr-" + id));

        AuditEvent search = events.stream().filter(e -> subtype(e).equals("search-type")).findFirst().orElseThrow();
        assertThat(search.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(search.getEntity()).anySatisfy(e -> assertThat(e.hasQuery() ? new String(e.getQuery()) : "").isEqualTo("Observation?patient=" + id));

        // the refused read names no patient (nothing was disclosed) but is on the trail, with its outcome
        List<AuditEvent> all = trail("date=ge" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "&_count=200");
        assertThat(all).anySatisfy(e -> {
            assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
            assertThat(e.getOutcomeDesc()).isEqualTo("HTTP 403");
            assertThat(e.getEntity()).anySatisfy(en -> assertThat(en.getWhat().getReference()).isEqualTo("Patient/" + id));
        });
    }

    @Test
    void aRolledBackTransactionLeavesNoAuditRowOfItsWrites() {
        String id = AccessControlTest.id();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":" + AccessControlTest.patient(id) + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id + "\"}},"
                + "{\"resource\":" + AccessControlTest.observation("missing-" + id) + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.write")).contentType("application/fhir+json").body(bundle)
                .post("/fhir").statusCode()).isEqualTo(400);
        assertThat(trail("patient=" + id)).isEmpty();
    }

    @Test
    void opsReadsAreAudited() {
        String correlation = "ops-" + AccessControlTest.id();
        assertThat(given().header("Authorization", IdpTokens.bearer(SmartScopes.OPS)).header("X-Correlation-Id", correlation)
                .get("/api/ops/deliveries?status=dead").statusCode()).isEqualTo(200);
        AuditEvent event = trail("date=ge" + LocalDate.now(ZoneOffset.UTC) + "&_count=500").stream()
                .filter(e -> correlation.equals(e.getEntity().get(0).getWhat().getIdentifier().getValue())).findFirst().orElseThrow();
        assertThat(event.getSource().getSite()).isEqualTo("bone-monitor ops");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(new String(event.getEntity().get(0).getQuery())).isEqualTo("/api/ops/deliveries?status=dead");
    }

    @Test
    void theTrailNeedsTheAuditScopeAndIsNeverWrittenThroughTheApi() {
        assertThat(given().get("/fhir/AuditEvent?patient=x").statusCode()).isEqualTo(401);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.read")).get("/fhir/AuditEvent?patient=x").statusCode())
                .isEqualTo(403);
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.*")).contentType("application/fhir+json")
                .body("{\"resourceType\":\"AuditEvent\"}").post("/fhir/AuditEvent").statusCode()).isEqualTo(405);
        String viaTransaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"AuditEvent\"},\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
        assertThat(given().header("Authorization", IdpTokens.bearer("system/*.* bone-monitor/audit")).contentType("application/fhir+json")
                .body(viaTransaction).post("/fhir").statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", AUDITOR).get("/fhir/AuditEvent?patient=a%00b").statusCode()).isEqualTo(400);
        assertThat(given().header("Authorization", AUDITOR).get("/fhir/AuditEvent?date=yesterday").statusCode()).isEqualTo(400);
        assertThat(given().header("Authorization", AUDITOR).get("/fhir/AuditEvent?name=x").statusCode()).isEqualTo(400);
    }

    @Test
    void everyAuditEventServedIsValidR4() {
        String id = AccessControlTest.id();
        put(id);
        given().header("Authorization", IdpTokens.bearer("system/Patient.read")).get("/fhir/Patient?_id=" + id);
        given().header("Authorization", IdpTokens.bearer("system/Observation.read")).get("/fhir/Patient/" + id);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(CTX),
                new InMemoryTerminologyServerValidationSupport(CTX), new CommonCodeSystemsTerminologyService(CTX));
        FhirValidator validator = CTX.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        List<AuditEvent> events = trail("date=ge" + LocalDate.now(ZoneOffset.UTC) + "&_count=50");
        assertThat(events).isNotEmpty();
        for (AuditEvent event : events) {
            var errors = validator.validateWithResult(event).getMessages().stream()
                    .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
            assertThat(errors).as(CTX.newJsonParser().encodeResourceToString(event)).isEmpty();
        }
    }

    private static void put(String id) {
        given().header("Authorization", IdpTokens.bearer("system/*.write")).contentType("application/fhir+json")
                .body(AccessControlTest.patient(id)).put("/fhir/Patient/" + id);
    }
}

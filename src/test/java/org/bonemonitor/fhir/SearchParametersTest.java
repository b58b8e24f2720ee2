package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.postBundleOk;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

/** R4 search as EHR tools, SMART apps and CDS clients send it, on the real store. */
@QuarkusTest
class SearchParametersTest {

    private static final String LOINC = "http://loinc.org";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private static Observation obs(String patient, String id, String system, String code, String category, Type effective) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient/" + patient));
        o.addIdentifier().setSystem(Fhir.ID_SYSTEM).setValue(id);
        o.setCode(new CodeableConcept().addCoding(new Coding(system, code, null)));
        if (category != null) {
            o.addCategory().addCoding(new Coding(CATEGORY, category, null));
        }
        o.setEffective(effective);
        o.setValue(new Quantity().setValue(30).setUnit("ng/mL"));
        return o;
    }

    private static MedicationRequest order(String patient, String id, MedicationRequest.MedicationRequestStatus status, String authored) {
        MedicationRequest m = new MedicationRequest();
        m.setId(id);
        m.setStatus(status).setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        m.setSubject(new Reference("Patient/" + patient));
        m.setMedication(new CodeableConcept().addCoding(new Coding(RXNORM, "199224", "anastrozole 1 MG Oral Tablet")));
        m.setAuthoredOnElement(new DateTimeType(authored));
        return m;
    }

    /** A patient with five observations of known codes, categories and dates. */
    private static String observations() {
        String p = "sp-" + uid();
        postBundleOk(Tx.transaction().put(patient(p))
                .put(obs(p, p + "-dxa-old", LOINC, "38267-1", "imaging", new DateTimeType("2025-12-31")))
                .put(obs(p, p + "-vitd", LOINC, "62292-8", "laboratory", new DateTimeType("2026-01-15")))
                .put(obs(p, p + "-dxa-new", LOINC, "38267-1", "imaging", new DateTimeType("2026-03-01T10:00:00Z")))
                .put(obs(p, p + "-local", null, "X-1", "laboratory", new Period().setStartElement(new DateTimeType("2026-02-10"))
                        .setEndElement(new DateTimeType("2026-02-20"))))
                .put(obs(p, p + "-other", "http://example.org/codes", "38267-1", null, new DateTimeType("2024-06")))
                .json());
        return p;
    }

    /** GETs a search URL (relative, or a server's absolute link) with its parameters sent as they read. */
    private static Bundle search(String url) {
        String path = url.substring(0, url.indexOf('?'));
        io.restassured.specification.RequestSpecification request = given().accept(JSON);
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            request.queryParam(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        Response r = request.get(path.startsWith("http") ? java.net.URI.create(path).getPath() : path);
        assertThat(r.statusCode()).as(url + ": " + r.asString()).isEqualTo(200);
        return Fhir.parse(Bundle.class, r);
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The ids of the matches, without the patient prefix, in the order returned. */
    private static List<String> matches(String p, String url) {
        return matches(p, search(url));
    }

    private static List<String> matches(String p, Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> e.getResource().getIdElement().getIdPart().substring(p.length() + 1)).toList();
    }

    private static List<OperationOutcome> outcomes(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME)
                .map(e -> (OperationOutcome) e.getResource()).toList();
    }

    @Test
    void commaIsOrAndRepeatedParametersAreAnd() {
        String p = "sp-" + uid();
        postBundleOk(Tx.transaction().put(patient(p))
                .put(order(p, p + "-a", MedicationRequest.MedicationRequestStatus.ACTIVE, "2026-01-10"))
                .put(order(p, p + "-s", MedicationRequest.MedicationRequestStatus.STOPPED, "2026-02-10"))
                .put(order(p, p + "-c", MedicationRequest.MedicationRequestStatus.CANCELLED, "2026-03-10"))
                .json());

        // the service's own order-sign / patient-view prefetch template
        assertThat(matches(p, "/fhir/MedicationRequest?patient=" + p + "&status=active,on-hold,completed,stopped,unknown&_count=200"))
                .containsExactlyInAnyOrder("a", "s");
        assertThat(matches(p, "/fhir/MedicationRequest?patient=" + p + "&status=cancelled")).containsExactly("c");
        assertThat(matches(p, "/fhir/MedicationRequest?patient=" + p + "&authoredon=ge2026-02-01&authoredon=lt2026-03-01"))
                .containsExactly("s");
        assertThat(matches(p, "/fhir/MedicationRequest?patient=" + p + "&status=active,stopped&authoredon=ge2026-02"))
                .containsExactly("s");
        assertThat(matches(p, "/fhir/MedicationRequest?patient=" + p + "&status=active&status=stopped")).isEmpty();
        assertThat(matches(p, "/fhir/MedicationRequest?_id=" + p + "-a," + p + "-c")).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void codeTakesEveryTokenForm() {
        String p = observations();
        String q = "/fhir/Observation?patient=" + p + "&code=";

        assertThat(matches(p, q + LOINC + "|38267-1")).containsExactlyInAnyOrder("dxa-old", "dxa-new");
        assertThat(matches(p, q + "38267-1")).containsExactlyInAnyOrder("dxa-old", "dxa-new", "other");
        assertThat(matches(p, q + "|X-1")).containsExactly("local");
        assertThat(matches(p, q + "|38267-1")).as("|code means no system").isEmpty();
        assertThat(matches(p, q + LOINC + "|")).containsExactlyInAnyOrder("dxa-old", "dxa-new", "vitd");
        assertThat(matches(p, q + LOINC + "|62292-8," + LOINC + "|38267-1")).containsExactlyInAnyOrder("dxa-old", "dxa-new", "vitd");
        assertThat(matches(p, q + LOINC + "|99999-9")).isEmpty();
    }

    @Test
    void categoryIdentifierAndStatus() {
        String p = observations();
        String q = "/fhir/Observation?patient=" + p;

        assertThat(matches(p, q + "&category=laboratory")).containsExactlyInAnyOrder("vitd", "local");
        assertThat(matches(p, q + "&category=" + CATEGORY + "|imaging")).containsExactlyInAnyOrder("dxa-old", "dxa-new");
        assertThat(matches(p, "/fhir/Observation?identifier=" + Fhir.ID_SYSTEM + "|" + p + "-vitd")).containsExactly("vitd");
        assertThat(matches(p, "/fhir/Observation?identifier=" + p + "-vitd," + p + "-local")).containsExactlyInAnyOrder("vitd", "local");
        assertThat(matches(p, q + "&status=final&code=" + LOINC + "|38267-1")).hasSize(2);
        assertThat(matches(p, q + "&status=preliminary")).isEmpty();
    }

    @Test
    void datePrefixesAndPartialDates() {
        String p = observations();
        String q = "/fhir/Observation?patient=" + p + "&date=";

        assertThat(matches(p, q + "2026")).containsExactlyInAnyOrder("vitd", "dxa-new", "local");
        assertThat(matches(p, q + "2026-01")).containsExactly("vitd");
        assertThat(matches(p, q + "eq2026-03-01")).containsExactly("dxa-new");
        assertThat(matches(p, q + "2026-03-01T10:00:00Z")).containsExactly("dxa-new");
        assertThat(matches(p, q + "ge2026-01-15")).containsExactlyInAnyOrder("vitd", "dxa-new", "local");
        assertThat(matches(p, q + "gt2026-01-15")).containsExactlyInAnyOrder("dxa-new", "local");
        assertThat(matches(p, q + "le2026-01-15")).containsExactlyInAnyOrder("vitd", "dxa-old", "other");
        assertThat(matches(p, q + "lt2026-01-15")).containsExactlyInAnyOrder("dxa-old", "other");
        assertThat(matches(p, q + "2026-02-15")).as("a period overlapping the day does not equal it").isEmpty();
        assertThat(matches(p, q + "ge2026-02-15&date=le2026-02-15")).as("but overlaps it from both sides").containsExactly("local");
        assertThat(matches(p, q + "sa2026-02-20")).containsExactly("dxa-new");
        assertThat(matches(p, q + "eb2026-01-01")).containsExactlyInAnyOrder("dxa-old", "other");
        assertThat(matches(p, q + "ne2026")).containsExactlyInAnyOrder("dxa-old", "other");
        assertThat(matches(p, q + "2024,2025-12-31")).containsExactlyInAnyOrder("dxa-old", "other");
    }

    @Test
    void effectiveAndAuthoredAreTheirTypesDateParameters() {
        String p = "sp-" + uid();
        org.hl7.fhir.r4.model.MedicationStatement statement = new org.hl7.fhir.r4.model.MedicationStatement();
        statement.setId(p + "-ms");
        statement.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new Reference("Patient/" + p));
        statement.setMedication(new CodeableConcept().addCoding(new Coding(RXNORM, "200064", null)));
        statement.setEffective(new Period().setStartElement(new DateTimeType("2026-02-01")));
        org.hl7.fhir.r4.model.ServiceRequest dxa = new org.hl7.fhir.r4.model.ServiceRequest();
        dxa.setId(p + "-sr");
        dxa.setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent.ORDER);
        dxa.setSubject(new Reference("Patient/" + p));
        dxa.setCode(new CodeableConcept().addCoding(new Coding(LOINC, "38268-9", null)));
        dxa.setAuthoredOnElement(new DateTimeType("2026-05-20T09:30:00+02:00"));
        postBundleOk(Tx.transaction().put(patient(p)).put(statement).put(dxa).json());

        assertThat(matches(p, "/fhir/MedicationStatement?patient=" + p + "&effective=ge2027-01-01")).as("ongoing").containsExactly("ms");
        assertThat(matches(p, "/fhir/MedicationStatement?patient=" + p + "&effective=lt2026-02-01")).isEmpty();
        assertThat(matches(p, "/fhir/MedicationStatement?patient=" + p + "&code=" + RXNORM + "|200064")).containsExactly("ms");
        assertThat(matches(p, "/fhir/ServiceRequest?patient=" + p + "&authored=2026-05-20")).containsExactly("sr");
        assertThat(matches(p, "/fhir/ServiceRequest?patient=" + p + "&authored=lt2026-05-20T07:30:00Z")).isEmpty();
        assertThat(matches(p, "/fhir/ServiceRequest?patient=" + p + "&authored=le2026-05-20T07:30:00Z")).containsExactly("sr");
    }

    @Test
    void lastUpdatedFindsWhatWasStoredSince() {
        String p = "sp-" + uid();
        postBundleOk(Tx.transaction().put(patient(p)).put(obs(p, p + "-early", LOINC, "62292-8", null, new DateTimeType("2026-01-01")))
                .json());
        Instant between = Instant.now();
        postBundleOk(Tx.transaction().put(obs(p, p + "-late", LOINC, "62292-8", null, new DateTimeType("2026-01-01"))).json());

        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&_lastUpdated=gt" + between)).containsExactly("late");
        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&_lastUpdated=lt" + between)).containsExactly("early");
        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&_sort=-_lastUpdated")).containsExactly("late", "early");
        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&_sort=_lastUpdated")).containsExactly("early", "late");
    }

    @Test
    void sortByDateNewestFirstSoTheNewestDxaIsNeverCutOff() {
        String p = observations();

        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&_sort=-date"))
                .containsExactly("dxa-new", "local", "vitd", "dxa-old", "other");
        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&_sort=date"))
                .containsExactly("other", "dxa-old", "vitd", "local", "dxa-new");
        assertThat(matches(p, "/fhir/Observation?patient=" + p + "&code=" + LOINC + "|38267-1&_sort=-date&_count=1"))
                .containsExactly("dxa-new");
    }

    @Test
    void nextLinksKeepEveryParameterUntilTheLastPage() {
        String p = observations();
        String first = "/fhir/Observation?patient=" + p + "&code=" + LOINC + "|38267-1," + LOINC + "|62292-8,|X-1"
                + "&date=ge2025&date=lt2027&_sort=-date&_count=2";

        Bundle page = search(first);
        List<String> seen = new ArrayList<>(matches(p, page));
        assertThat(page.getTotal()).isEqualTo(4);
        String self = page.getLink("self").getUrl();
        assertThat(self).as("a raw '|' is refused by the HTTP layer").contains("code=" + LOINC + "%7C38267-1")
                .contains("date=ge2025").contains("date=lt2027").contains("_sort=-date").contains("_count=2");
        int pages = 1;
        while (page.getLink("next") != null) {
            String next = page.getLink("next").getUrl();
            assertThat(next).contains("patient=" + p).contains("code=").contains("date=ge2025").contains("date=lt2027")
                    .contains("_sort=-date").contains("_count=2");
            page = search(next);
            seen.addAll(matches(p, page));
            assertThat(++pages).isLessThanOrEqualTo(2);
        }
        assertThat(seen).containsExactly("dxa-new", "local", "vitd", "dxa-old");
    }

    @Test
    void summaryCountAndElements() {
        String p = observations();

        Bundle count = search("/fhir/Observation?patient=" + p + "&category=laboratory&_summary=count");
        assertThat(count.getTotal()).isEqualTo(2);
        assertThat(count.getEntry()).isEmpty();

        Bundle elements = search("/fhir/Observation?patient=" + p + "&_id=" + p + "-vitd&_elements=code,effective");
        Observation o = (Observation) elements.getEntryFirstRep().getResource();
        assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("62292-8");
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-01-15");
        assertThat(o.getStatus()).as("mandatory elements stay").isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(o.hasValue()).isFalse();
        assertThat(o.hasSubject()).isFalse();
        assertThat(o.getMeta().getTag()).anySatisfy(t -> assertThat(t.getCode()).isEqualTo("SUBSETTED"));
    }

    @Test
    void postSearchWithAFormBodyEqualsTheGet() {
        String p = observations();

        Response r = given().accept(JSON).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("patient", p).formParam("code", LOINC + "|38267-1," + LOINC + "|62292-8").formParam("_sort", "-date")
                .post("/fhir/Observation/_search");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(matches(p, Fhir.parse(Bundle.class, r))).containsExactly("dxa-new", "vitd", "dxa-old");
        assertThat(r.header("Content-Type")).startsWith("application/fhir+json");
    }

    @Test
    void unknownParametersAreReportedNotSilentlyIgnored() {
        String p = observations();

        Bundle lenient = search("/fhir/Observation?patient=" + p + "&value-quantity=gt20&code:text=vitamin&_sort=value");

        assertThat(lenient.getTotal()).as("the rest of the search still runs").isEqualTo(5);
        assertThat(lenient.getLink("self").getUrl()).contains("patient=" + p).doesNotContain("value-quantity")
                .doesNotContain("code").doesNotContain("_sort");
        List<OperationOutcome> outcomes = outcomes(lenient);
        assertThat(outcomes).hasSize(1);
        assertThat(Fhir.diagnostics(outcomes.get(0))).contains("value-quantity").contains(":text").contains("_sort");
        assertThat(outcomes.get(0).getIssue()).allSatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
            assertThat(i.getCode()).isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
        });

        Response strict = given().accept(JSON).header("Prefer", "handling=strict").queryParam("patient", p)
                .queryParam("value-quantity", "gt20").get("/fhir/Observation");
        assertThat(Fhir.diagnostics(Fhir.assertRefused(strict, 400, "not-supported"))).contains("value-quantity");

        Response strictKnown = given().accept(JSON).header("Prefer", "handling=strict").get("/fhir/Observation?patient=" + p);
        assertThat(strictKnown.statusCode()).isEqualTo(200);
        assertThat(outcomes(Fhir.parse(Bundle.class, strictKnown))).isEmpty();
    }

    @Test
    void aValueThatIsNoDateIsRefused() {
        Fhir.assertRefused(given().accept(JSON).get("/fhir/Observation?date=ge2026-13-01"), 400, "invalid");
        Fhir.assertRefused(given().accept(JSON).get("/fhir/Observation?date=xx2026"), 400, "invalid");
        Fhir.assertRefused(given().accept(JSON).contentType("text/plain").body("patient=x").post("/fhir/Observation/_search"), 415,
                "not-supported");
    }
}

package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Test helpers: build bundles with HAPI model objects, send them, and check what a caller sees. */
final class Fhir {

    static final FhirContext CTX = FhirContext.forR4Cached();
    static final String JSON = "application/fhir+json; charset=UTF-8";
    static final String XML = "application/fhir+xml; charset=UTF-8";
    static final String ID_SYSTEM = "urn:oid:2.16.840.1.113883.19.5.99";

    private Fhir() {
    }

    /** A short unique suffix, so every test works on its own patients and identifiers. */
    static String uid() {
        return UUID.randomUUID().toString().substring(0, 12);
    }

    static String json(IBaseResource resource) {
        return CTX.newJsonParser().encodeResourceToString(resource);
    }

    static String xml(IBaseResource resource) {
        return CTX.newXmlParser().encodeResourceToString(resource);
    }

    @SuppressWarnings("unchecked")
    static <T extends IBaseResource> T parse(Class<T> type, Response response) {
        String body = response.asString();
        return body.trim().startsWith("<") ? CTX.newXmlParser().parseResource(type, body)
                : CTX.newJsonParser().parseResource(type, body);
    }

    static Patient patient(String id) {
        Patient p = new Patient();
        p.setId(id);
        p.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue("MRN-" + id);
        p.addName().setFamily("Moreau-" + id).addGiven("Claire");
        p.setGender(AdministrativeGender.FEMALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1964-03-10"));
        return p;
    }

    /** A vitamin D observation of the given patient reference ("Patient/x" or "urn:uuid:..."). */
    static Observation observation(String subject, String identifierValue) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier().setSystem(ID_SYSTEM).setValue(identifierValue);
        o.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "62292-8",
                "25-hydroxyvitamin D2+D3")));
        if (subject != null) {
            o.setSubject(new Reference(subject));
        }
        o.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-05-12"));
        o.setValue(new Quantity().setValue(32).setUnit("ng/mL").setSystem("http://unitsofmeasure.org").setCode("ng/mL"));
        return o;
    }

    /** A bundle under construction. */
    static final class Tx {
        final Bundle bundle;

        Tx(Bundle.BundleType type) {
            bundle = new Bundle().setType(type);
        }

        static Tx transaction() {
            return new Tx(Bundle.BundleType.TRANSACTION);
        }

        static Tx batch() {
            return new Tx(Bundle.BundleType.BATCH);
        }

        Tx put(Resource resource) {
            BundleEntryComponent e = bundle.addEntry().setResource(resource);
            e.getRequest().setMethod(HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            return this;
        }

        Tx post(Resource resource) {
            return post(resource, null, null);
        }

        Tx post(Resource resource, String fullUrl, String ifNoneExist) {
            BundleEntryComponent e = bundle.addEntry().setResource(resource).setFullUrl(fullUrl);
            e.getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType()).setIfNoneExist(ifNoneExist);
            return this;
        }

        Tx get(String url) {
            bundle.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl(url);
            return this;
        }

        Tx delete(String url) {
            bundle.addEntry().getRequest().setMethod(HTTPVerb.DELETE).setUrl(url);
            return this;
        }

        String json() {
            return Fhir.json(bundle);
        }

        String xml() {
            return Fhir.xml(bundle);
        }
    }

    static RequestSpecification fhirJson(String body) {
        return given().contentType(JSON).body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** POST a bundle (JSON text) to the base. */
    static Response postBundle(String json) {
        return fhirJson(json).post("/fhir");
    }

    static Bundle postBundleOk(String json) {
        Response r = postBundle(json);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return parse(Bundle.class, r);
    }

    static Response read(String typeAndId) {
        return given().accept(JSON).get("/fhir/" + typeAndId);
    }

    static <T extends IBaseResource> T readOk(Class<T> type, String typeAndId) {
        Response r = read(typeAndId);
        assertThat(r.statusCode()).as(typeAndId + ": " + r.asString()).isEqualTo(200);
        return parse(type, r);
    }

    static Resource readAny(String typeAndId) {
        Response r = read(typeAndId);
        assertThat(r.statusCode()).as(typeAndId + ": " + r.asString()).isEqualTo(200);
        return (Resource) CTX.newJsonParser().parseResource(r.asString());
    }

    static int total(String searchUrl) {
        Response r = given().accept(JSON).get(searchUrl);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return parse(Bundle.class, r).getTotal();
    }

    static void assertNotStored(String typeAndId) {
        Response r = read(typeAndId);
        assertThat(r.statusCode()).as(typeAndId + " should not exist: " + r.asString()).isEqualTo(404);
    }

    /**
     * A refusal as a caller sees it: the status, an OperationOutcome whose id is the
     * X-Correlation-Id header, an error issue with the given code, and no stack trace.
     */
    static OperationOutcome assertRefused(Response r, int status, String issueCode) {
        String body = r.asString();
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(body).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("at java.");
        OperationOutcome outcome = parse(OperationOutcome.class, r);
        assertThat(outcome.getIssue()).as(body).isNotEmpty();
        String correlationId = r.header("X-Correlation-Id");
        assertThat(correlationId).as("X-Correlation-Id header").isNotBlank();
        assertThat(outcome.getIdElement().getIdPart()).isEqualTo(correlationId);
        assertThat(outcome.getIssue()).as(body)
                .anySatisfy(i -> {
                    assertThat(i.getSeverity()).isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL);
                    if (issueCode != null) {
                        assertThat(i.getCode().toCode()).isEqualTo(issueCode);
                    }
                });
        return outcome;
    }

    static String diagnostics(OperationOutcome outcome) {
        StringBuilder text = new StringBuilder();
        outcome.getIssue().forEach(i -> text.append(i.getDiagnostics()).append('\n'));
        return text.toString();
    }

    /** A stored bundle file with every occurrence of {@code token} made unique by {@code suffix}. */
    static String file(String path, String token, String replacement) {
        try {
            return Files.readString(Path.of(path)).replace(token, replacement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Type/id" of a response entry location ("Type/id/_history/n"). */
    static String typeAndId(BundleEntryComponent entry) {
        String location = entry.getResponse().getLocation();
        assertThat(location).as("response.location").isNotBlank();
        String[] parts = location.split("/");
        return parts[0] + "/" + parts[1];
    }
}

package org.bonemonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.assertNotStored;
import static org.bonemonitor.fhir.Fhir.assertRefused;
import static org.bonemonitor.fhir.Fhir.observation;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.postBundle;
import static org.bonemonitor.fhir.Fhir.postBundleOk;
import static org.bonemonitor.fhir.Fhir.readOk;
import static org.bonemonitor.fhir.Fhir.total;
import static org.bonemonitor.fhir.Fhir.typeAndId;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class TransactionTest {

    private static final String NPI = "http://hl7.org/fhir/sid/us-npi";

    @Test
    void rollsBackWholeTransactionWhenOneReferencePointsNowhere() {
        String p = "p-" + uid();
        String body = Tx.transaction()
                .put(patient(p))
                .post(observation("Patient/" + p, p + "-obs-1"))
                .post(observation("Patient/does-not-exist-" + uid(), p + "-obs-2"))
                .json();

        OperationOutcome outcome = assertRefused(postBundle(body), 400, "invalid");

        assertThat(Fhir.diagnostics(outcome)).contains("does-not-exist");
        assertNotStored("Patient/" + p);
        assertThat(total("/fhir/Observation?patient=" + p)).isZero();
    }

    @Test
    void resolvesUrnUuidFullUrlsAndRewritesReferencesToTheAssignedIds() {
        String p = "p-" + uid();
        Patient patient = patient(p);
        patient.setId((String) null);
        String patientUrn = "urn:uuid:" + java.util.UUID.randomUUID();
        String obsUrn = "urn:uuid:" + java.util.UUID.randomUUID();
        Bundle response = postBundleOk(Tx.transaction()
                .post(patient, patientUrn, null)
                .post(observation(patientUrn, p + "-obs"), obsUrn, null)
                .json());

        String patientKey = typeAndId(response.getEntry().get(0));
        String obsKey = typeAndId(response.getEntry().get(1));
        assertThat(patientKey).startsWith("Patient/").doesNotContain("urn:");
        Observation stored = readOk(Observation.class, obsKey);
        assertThat(stored.getSubject().getReference()).isEqualTo(patientKey);
        assertThat(readOk(Patient.class, patientKey).getNameFirstRep().getFamily()).isEqualTo("Moreau-" + p);
    }

    @Test
    void answersTransactionResponseWithStatusLocationAndEtagPerEntry() {
        String p = "p-" + uid();
        Bundle response = postBundleOk(Tx.transaction()
                .put(patient(p))
                .post(observation("Patient/" + p, p + "-obs"))
                .json());

        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(response.getEntry()).hasSize(2);
        BundleEntryComponent put = response.getEntry().get(0);
        assertThat(put.getResponse().getStatus()).startsWith("201");
        assertThat(put.getResponse().getLocation()).isEqualTo("Patient/" + p + "/_history/1");
        assertThat(put.getResponse().getEtag()).isEqualTo("W/\"1\"");
        assertThat(put.getResponse().getLastModified()).isNotNull();
        BundleEntryComponent post = response.getEntry().get(1);
        assertThat(post.getResponse().getStatus()).startsWith("201");
        assertThat(post.getResponse().getLocation()).matches("Observation/[A-Za-z0-9\\-.]+/_history/1");
        assertThat(post.getResponse().getEtag()).isEqualTo("W/\"1\"");
        assertThat(readOk(Observation.class, typeAndId(post)).getSubject().getReference()).isEqualTo("Patient/" + p);
    }

    @Test
    void conditionalCreateReturnsTheExistingResourceOnTheSecondPost() {
        String p = "p-" + uid();
        String condition = "identifier=" + Fhir.ID_SYSTEM + "|" + p + "-obs";
        String body = Tx.transaction()
                .put(patient(p))
                .post(observation("Patient/" + p, p + "-obs"), null, condition)
                .json();

        Bundle first = postBundleOk(body);
        Bundle second = postBundleOk(body);

        assertThat(first.getEntry().get(1).getResponse().getStatus()).startsWith("201");
        assertThat(second.getEntry().get(1).getResponse().getStatus()).isEqualTo("200 OK");
        assertThat(typeAndId(second.getEntry().get(1))).isEqualTo(typeAndId(first.getEntry().get(1)));
        assertThat(total("/fhir/Observation?patient=" + p)).isEqualTo(1);
    }

    @Test
    void conditionalCreateOfAPatientByIdentifierKeepsOnePatient() {
        String mrn = "MRN-" + uid();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue(mrn);
        patient.addName().setFamily("Dupont");
        String body = Tx.transaction().post(patient, "urn:uuid:" + java.util.UUID.randomUUID(),
                "identifier=urn:oid:2.16.840.1.113883.19.5|" + mrn).json();

        String firstId = typeAndId(postBundleOk(body).getEntry().get(0));
        BundleEntryComponent again = postBundleOk(body).getEntry().get(0);

        assertThat(again.getResponse().getStatus()).isEqualTo("200 OK");
        assertThat(typeAndId(again)).isEqualTo(firstId);
        assertThat(total("/fhir/Patient?_id=" + firstId.substring("Patient/".length()))).isEqualTo(1);
    }

    @Test
    void getEntryPlacedFirstSeesTheResourcePutLaterInTheSameBundle() {
        String p = "p-" + uid();
        Bundle response = postBundleOk(Tx.transaction()
                .get("Patient/" + p)
                .put(patient(p))
                .json());

        BundleEntryComponent get = response.getEntry().get(0);
        assertThat(get.getResponse().getStatus()).startsWith("200");
        assertThat(get.getResource()).isInstanceOf(Patient.class);
        assertThat(((Patient) get.getResource()).getNameFirstRep().getFamily()).isEqualTo("Moreau-" + p);
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("201");
    }

    @Test
    void deleteRunsBeforeConditionalCreateSoTheCreateMakesANewResource() {
        String p = "p-" + uid();
        String condition = "identifier=" + Fhir.ID_SYSTEM + "|" + p + "-obs";
        Bundle setup = postBundleOk(Tx.transaction()
                .put(patient(p))
                .post(observation("Patient/" + p, p + "-obs"), null, condition)
                .json());
        String oldObs = typeAndId(setup.getEntry().get(1));

        Observation replacement = observation("Patient/" + p, p + "-obs");
        replacement.setStatus(Observation.ObservationStatus.AMENDED);
        Bundle response = postBundleOk(Tx.transaction()
                .post(replacement, null, condition)
                .delete(oldObs)
                .json());

        BundleEntryComponent create = response.getEntry().get(0);
        assertThat(create.getResponse().getStatus()).startsWith("201");
        String newObs = typeAndId(create);
        assertThat(newObs).isNotEqualTo(oldObs);
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("204");
        assertThat(Fhir.read(oldObs).statusCode()).isEqualTo(410);
        assertThat(readOk(Observation.class, newObs).getStatus()).isEqualTo(Observation.ObservationStatus.AMENDED);
        assertThat(total("/fhir/Observation?patient=" + p)).isEqualTo(1);
    }

    @Test
    void resolvesConditionalReferenceToAPractitionerOfTheSameBundle() {
        String p = "p-" + uid();
        String npi = "9" + uid();
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem(NPI).setValue(npi);
        practitioner.addName().setFamily("Martin");
        Observation obs = observation("Patient/" + p, p + "-obs");
        obs.addPerformer(new Reference("Practitioner?identifier=" + NPI + "|" + npi));

        Bundle response = postBundleOk(Tx.transaction()
                .put(patient(p))
                .post(obs)
                .post(practitioner, "urn:uuid:" + java.util.UUID.randomUUID(), "identifier=" + NPI + "|" + npi)
                .json());

        String practitionerKey = typeAndId(response.getEntry().get(2));
        Observation stored = readOk(Observation.class, typeAndId(response.getEntry().get(1)));
        assertThat(stored.getPerformerFirstRep().getReference()).isEqualTo(practitionerKey);
    }

    @Test
    void resolvesConditionalReferenceToAStoredPractitioner() {
        String p = "p-" + uid();
        String npi = "8" + uid();
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem(NPI).setValue(npi);
        String practitionerKey = typeAndId(postBundleOk(Tx.transaction().post(practitioner).json()).getEntry().get(0));

        Observation obs = observation("Patient/" + p, p + "-obs");
        obs.addPerformer(new Reference("Practitioner?identifier=" + NPI + "|" + npi));
        Bundle response = postBundleOk(Tx.transaction().put(patient(p)).post(obs).json());

        Observation stored = readOk(Observation.class, typeAndId(response.getEntry().get(1)));
        assertThat(stored.getPerformerFirstRep().getReference()).isEqualTo(practitionerKey);
    }

    @Test
    void failsWholeTransactionWhenConditionalReferenceMatchesNothing() {
        String p = "p-" + uid();
        Observation obs = observation("Patient/" + p, p + "-obs");
        obs.addPerformer(new Reference("Practitioner?identifier=" + NPI + "|nobody-" + uid()));

        Response r = postBundle(Tx.transaction().put(patient(p)).post(obs).json());

        OperationOutcome outcome = assertRefused(r, 400, null);
        assertThat(Fhir.diagnostics(outcome)).contains("Practitioner?identifier=").contains("matches 0");
        assertNotStored("Patient/" + p);
    }

    @Test
    void failsWholeTransactionWhenConditionalReferenceMatchesTwoResources() {
        String p = "p-" + uid();
        String npi = "7" + uid();
        Practitioner one = new Practitioner();
        one.addIdentifier().setSystem(NPI).setValue(npi);
        Practitioner two = new Practitioner();
        two.addIdentifier().setSystem(NPI).setValue(npi);
        postBundleOk(Tx.transaction().post(one).post(two).json());
        Observation obs = observation("Patient/" + p, p + "-obs");
        obs.addPerformer(new Reference("Practitioner?identifier=" + NPI + "|" + npi));

        Response r = postBundle(Tx.transaction().put(patient(p)).post(obs).json());

        OperationOutcome outcome = assertRefused(r, 412, "multiple-matches");
        assertThat(Fhir.diagnostics(outcome)).contains("matches 2");
        assertNotStored("Patient/" + p);
        assertThat(total("/fhir/Observation?patient=" + p)).isZero();
    }

    @Test
    void storesManyNonRuleResourceTypesAndEachReadsBackById() {
        String p = "p-" + uid();
        String s = uid();
        Organization org = new Organization().setName("Clinic " + s);
        org.setId("org-" + s);
        Practitioner practitioner = new Practitioner();
        practitioner.setId("pr-" + s);
        practitioner.addName().setFamily("Martin");
        Location location = new Location().setName("Ward " + s);
        location.setId("loc-" + s);
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
                .setSubject(new Reference("Patient/" + p)).setServiceProvider(new Reference("Organization/org-" + s));
        encounter.setId("enc-" + s);
        Procedure procedure = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED)
                .setSubject(new Reference("Patient/" + p)).setEncounter(new Reference("Encounter/enc-" + s))
                .setCode(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "312681000", "Bone density scan")));
        procedure.setId("proc-" + s);
        DiagnosticReport report = new DiagnosticReport().setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL)
                .setSubject(new Reference("Patient/" + p))
                .setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "38269-7", "DXA BMD")));
        report.setId("dr-" + s);
        Immunization immunization = new Immunization().setStatus(Immunization.ImmunizationStatus.COMPLETED)
                .setPatient(new Reference("Patient/" + p))
                .setVaccineCode(new CodeableConcept().addCoding(new Coding("http://hl7.org/fhir/sid/cvx", "158", "influenza")));
        immunization.setOccurrence(new org.hl7.fhir.r4.model.DateTimeType("2026-10-14"));
        immunization.setId("imm-" + s);
        AllergyIntolerance allergy = new AllergyIntolerance().setPatient(new Reference("Patient/" + p));
        allergy.setCode(new CodeableConcept().setText("Penicillin"));
        allergy.setId("alg-" + s);
        Claim claim = new Claim().setStatus(Claim.ClaimStatus.ACTIVE).setUse(Claim.Use.CLAIM)
                .setPatient(new Reference("Patient/" + p)).setProvider(new Reference("Organization/org-" + s))
                .setPriority(new CodeableConcept().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal", null)))
                .setType(new CodeableConcept().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional", null)));
        claim.setCreatedElement(new org.hl7.fhir.r4.model.DateTimeType("2026-10-14"));
        claim.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference().setDisplay("Self pay"));
        claim.setId("claim-" + s);
        List<Resource> all = List.of(patient(p), org, practitioner, location, encounter, procedure, report, immunization,
                allergy, claim);
        Tx tx = Tx.transaction();
        all.forEach(tx::put);

        Bundle response = postBundleOk(tx.json());

        assertThat(response.getEntry()).hasSize(all.size())
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        for (Resource resource : all) {
            String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            Resource stored = Fhir.readAny(key);
            assertThat(stored.getIdElement().getIdPart()).isEqualTo(resource.getIdElement().getIdPart());
        }
        assertThat(readOk(Encounter.class, "Encounter/enc-" + s).getSubject().getReference()).isEqualTo("Patient/" + p);
        assertThat(readOk(Claim.class, "Claim/claim-" + s).getInsuranceFirstRep().getSequence()).isEqualTo(1);
    }

    @Test
    void storesAClinicalResourceNamingNoPatientWithAWarningInItsEntryOutcome() {
        Bundle response = postBundleOk(Tx.transaction().post(observation(null, "orphan-" + uid())).json());

        BundleEntryComponent entry = response.getEntryFirstRep();
        assertThat(entry.getResponse().getStatus()).startsWith("201");
        OperationOutcome outcome = (OperationOutcome) entry.getResponse().getOutcome();
        assertThat(outcome).as("entry.response.outcome").isNotNull();
        assertThat(outcome.getIssue()).anySatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
            assertThat(i.getDiagnostics()).contains("names no patient");
        });
        assertThat(readOk(Observation.class, typeAndId(entry)).hasSubject()).isFalse();
    }

    static Stream<Path> exampleBundles() throws IOException {
        return Files.list(Path.of("examples")).filter(f -> f.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("exampleBundles")
    void acceptsEveryExampleBundleAndEachEntryReadsBack(Path file) throws IOException {
        Bundle original = Fhir.CTX.newJsonParser().parseResource(Bundle.class, Files.readString(file));
        String patientId = original.getEntryFirstRep().getResource().getIdElement().getIdPart();
        String unique = patientId + "-" + uid();
        // A fresh patient id and fresh encounter/observation identifiers for this run; shared NPIs stay shared.
        String body = Files.readString(file).replace(patientId, unique);

        Bundle response = postBundleOk(body);

        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(response.getEntry()).hasSize(original.getEntry().size());
        for (int i = 0; i < response.getEntry().size(); i++) {
            BundleEntryComponent entry = response.getEntry().get(i);
            assertThat(entry.getResponse().getStatus()).as("entry " + i).matches("20[01].*");
            Resource stored = Fhir.readAny(typeAndId(entry));
            assertThat(stored.fhirType()).isEqualTo(original.getEntry().get(i).getResource().fhirType());
        }
        for (BundleEntryComponent entry : response.getEntry()) {
            Resource stored = Fhir.readAny(typeAndId(entry));
            Fhir.CTX.newTerser().getAllPopulatedChildElementsOfType(stored, Reference.class).forEach(ref -> {
                if (ref.getReference() != null) {
                    assertThat(ref.getReference()).as("reference in " + typeAndId(entry))
                            .doesNotStartWith("urn:uuid:").doesNotContain("?identifier=");
                }
            });
        }
        assertThat(total("/fhir/Observation?patient=" + unique)).isPositive();
    }

    static Stream<Path> fixtureBundles() throws IOException {
        return Files.list(Path.of("src/test/resources/fixtures/bundles")).filter(f -> f.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("fixtureBundles")
    void rePostingTheSameFixtureLeavesTheSameResources(Path file) {
        String token = file.getFileName().toString().substring(0, 3);
        String p = token + "x" + uid();
        String body = Fhir.file(file.toString(), token, p);
        java.util.Set<String> types = new java.util.TreeSet<>();
        Fhir.CTX.newJsonParser().parseResource(Bundle.class, body).getEntry()
                .forEach(e -> types.add(e.getResource().fhirType()));

        Bundle first = postBundleOk(body);
        java.util.Map<String, Integer> totals = new java.util.TreeMap<>();
        types.forEach(type -> totals.put(type, total("/fhir/" + type + "?patient=" + p)));
        Bundle second = postBundleOk(body);

        assertThat(totals.get("Patient")).isEqualTo(1);
        assertThat(totals.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(1);
        types.forEach(type -> assertThat(total("/fhir/" + type + "?patient=" + p)).as(type).isEqualTo(totals.get(type)));
        assertThat(second.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("200"));
        for (int i = 0; i < first.getEntry().size(); i++) {
            assertThat(typeAndId(second.getEntry().get(i))).isEqualTo(typeAndId(first.getEntry().get(i)));
        }
        assertThat(readOk(Patient.class, "Patient/" + p).getMeta().getVersionId()).isEqualTo("1");
    }
}

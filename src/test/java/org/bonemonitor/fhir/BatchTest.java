package org.bonemonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.assertNotStored;
import static org.bonemonitor.fhir.Fhir.observation;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.postBundleOk;
import static org.bonemonitor.fhir.Fhir.readOk;
import static org.bonemonitor.fhir.Fhir.total;
import static org.bonemonitor.fhir.Fhir.typeAndId;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BatchTest {

    @Test
    void storesTheGoodEntriesAndReportsTheFailingOneInItsOwnEntry() {
        String p = "p-" + uid();
        String missing = "missing-" + uid();
        Bundle response = postBundleOk(Tx.batch()
                .put(patient(p))
                .post(observation("Patient/" + missing, p + "-bad"))
                .post(observation("Patient/" + p, p + "-good"))
                .json());

        assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
        assertThat(response.getEntry()).hasSize(3);
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        BundleEntryComponent failed = response.getEntry().get(1);
        assertThat(failed.getResponse().getStatus()).startsWith("400");
        OperationOutcome outcome = (OperationOutcome) failed.getResponse().getOutcome();
        assertThat(outcome.getIssue()).anySatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(i.getDiagnostics()).contains(missing);
        });
        BundleEntryComponent good = response.getEntry().get(2);
        assertThat(good.getResponse().getStatus()).startsWith("201");

        assertThat(readOk(Patient.class, "Patient/" + p).getNameFirstRep().getFamily()).isEqualTo("Moreau-" + p);
        assertThat(readOk(Observation.class, typeAndId(good)).getSubject().getReference()).isEqualTo("Patient/" + p);
        assertThat(total("/fhir/Observation?patient=" + p)).isEqualTo(1);
        assertThat(total("/fhir/Observation?patient=" + missing)).isZero();
    }

    @Test
    void aBadMethodInOneEntryFailsOnlyThatEntry() {
        String p = "p-" + uid();
        Tx tx = Tx.batch().put(patient(p));
        tx.bundle.addEntry().setResource(patient("other-" + uid())).getRequest()
                .setMethod(Bundle.HTTPVerb.PATCH).setUrl("Patient/whatever");
        tx.get("Patient/" + p);

        Bundle response = postBundleOk(tx.json());

        assertThat(response.getEntry()).hasSize(3);
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("4");
        assertThat(response.getEntry().get(1).getResponse().getOutcome()).isInstanceOf(OperationOutcome.class);
        assertThat(response.getEntry().get(2).getResponse().getStatus()).startsWith("200");
        assertThat(response.getEntry().get(2).getResource()).isInstanceOf(Patient.class);
        assertNotStored("Patient/whatever");
    }

    @Test
    void aGetOfAMissingResourceFailsOnlyItsEntryWith404() {
        String p = "p-" + uid();
        Bundle response = postBundleOk(Tx.batch().get("Patient/missing-" + uid()).put(patient(p)).json());

        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("404");
        assertThat(((OperationOutcome) response.getEntry().get(0).getResponse().getOutcome()).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.NOTFOUND);
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("201");
        assertThat(readOk(Patient.class, "Patient/" + p).getIdElement().getIdPart()).isEqualTo(p);
    }
}

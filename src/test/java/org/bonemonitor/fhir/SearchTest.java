package org.bonemonitor.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bonemonitor.fhir.Fhir.JSON;
import static org.bonemonitor.fhir.Fhir.observation;
import static org.bonemonitor.fhir.Fhir.patient;
import static org.bonemonitor.fhir.Fhir.postBundleOk;
import static org.bonemonitor.fhir.Fhir.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.bonemonitor.fhir.Fhir.Tx;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SearchTest {

    /** A patient with {@code n} observations, and another patient with one, so searches must filter. */
    private static String patientWithObservations(int n) {
        String p = "p-" + uid();
        Tx tx = Tx.transaction().put(patient(p));
        for (int i = 0; i < n; i++) {
            tx.post(observation("Patient/" + p, p + "-obs-" + i));
        }
        String other = "p-" + uid();
        tx.put(patient(other)).post(observation("Patient/" + other, other + "-obs"));
        postBundleOk(tx.json());
        return p;
    }

    private static Bundle search(String url) {
        Response r = given().accept(JSON).get(url);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return Fhir.parse(Bundle.class, r);
    }

    @Test
    void searchByPatientReturnsASearchsetWithTheTotal() {
        String p = patientWithObservations(3);

        Bundle result = search("/fhir/Observation?patient=" + p);

        assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(result.getTotal()).isEqualTo(3);
        assertThat(result.getEntry()).hasSize(3).allSatisfy(e -> {
            assertThat(e.getResource()).isInstanceOf(Observation.class);
            assertThat(((Observation) e.getResource()).getSubject().getReference()).isEqualTo("Patient/" + p);
            assertThat(e.getFullUrl()).contains("/fhir/Observation/");
        });
    }

    @Test
    void searchBySubjectReferenceFindsTheSameObservations() {
        String p = patientWithObservations(3);

        Bundle bySubject = search("/fhir/Observation?subject=Patient/" + p);
        Bundle byPatient = search("/fhir/Observation?patient=" + p);

        assertThat(bySubject.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(bySubject.getTotal()).isEqualTo(3);
        assertThat(ids(bySubject)).containsExactlyInAnyOrderElementsOf(ids(byPatient));
    }

    @Test
    void searchForAPatientWithoutDataIsAnEmptySearchset() {
        Bundle result = search("/fhir/Observation?patient=nobody-" + uid());

        assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(result.getTotal()).isZero();
        assertThat(result.getEntry()).isEmpty();
    }

    @Test
    void pagingWithCountFollowsNextLinksWithoutDuplicates() {
        String p = patientWithObservations(5);

        List<String> seen = new ArrayList<>();
        Bundle page = search("/fhir/Observation?patient=" + p + "&_count=2");
        int pages = 1;
        assertThat(page.getTotal()).isEqualTo(5);
        assertThat(page.getEntry()).hasSize(2);
        seen.addAll(ids(page));
        while (page.getLink("next") != null) {
            page = search(page.getLink("next").getUrl());
            pages++;
            assertThat(page.getTotal()).isEqualTo(5);
            assertThat(page.getEntry()).hasSizeBetween(1, 2);
            seen.addAll(ids(page));
            assertThat(pages).as("paging terminates").isLessThanOrEqualTo(3);
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids(search("/fhir/Observation?patient=" + p)));
    }

    @Test
    void searchOfAnUnknownTypeIsRefused() {
        Fhir.assertRefused(given().accept(JSON).get("/fhir/Foo?patient=x"), 400, "invalid");
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }
}

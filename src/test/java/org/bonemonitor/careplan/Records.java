package org.bonemonitor.careplan;

import java.math.BigDecimal;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Readable builders of one patient's record, as a transaction of PUTs (re-posting changes nothing). */
final class Records {

    static final String LOINC = "http://loinc.org";
    static final String SCT = "http://snomed.info/sct";

    private final String patientId;
    private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);

    private Records(String patientId) {
        this.patientId = patientId;
    }

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A record starting with a woman born on the date. */
    static Records woman(String patientId, String born) {
        Records r = new Records(patientId);
        Patient p = new Patient();
        p.setId(patientId);
        p.setGender(AdministrativeGender.FEMALE);
        p.setBirthDateElement(new DateType(born));
        return r.put(p);
    }

    /** The patient's record updated as deceased on {@code date} (Patient.deceasedDateTime). */
    static Records deceasedWoman(String patientId, String born, String date) {
        Records r = woman(patientId, born);
        ((Patient) r.bundle.getEntryFirstRep().getResource()).setDeceased(new org.hl7.fhir.r4.model.DateTimeType(date));
        return r;
    }

    /** An empty transaction for an already stored patient. */
    static Records of(String patientId) {
        return new Records(patientId);
    }

    Records put(Resource resource) {
        bundle.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        return this;
    }

    Records anastrozole(String id, String status, String start, String end) {
        MedicationStatement m = new MedicationStatement();
        m.setId(patientId + "-" + id);
        m.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(status));
        m.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "199224",
                "anastrozole 1 MG Oral Tablet")));
        m.setSubject(ref());
        Period period = new Period().setStartElement(new DateTimeType(start));
        if (end != null) {
            period.setEndElement(new DateTimeType(end));
        }
        m.setEffective(period);
        return put(m);
    }

    Records quantity(String id, String code, String date, String value, String unit) {
        Observation o = observation(id, code, date);
        o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
        return put(o);
    }

    Records spineTScore(String id, String date, String value) {
        return quantity(id, "38267-1", date, value, "{T-score}");
    }

    Records bmi(String date, String value) {
        return quantity("bmi-" + date, "39156-5", date, value, "kg/m2");
    }

    Records smoking(String id, String date, String snomed) {
        Observation o = observation(id, "72166-2", date);
        o.setValue(new CodeableConcept(new Coding(SCT, snomed, null)));
        return put(o);
    }

    Records vitaminD(String date, String ngPerMl) {
        return quantity("vitd-" + date, "62292-8", date, ngPerMl, "ng/mL");
    }

    Records calcium(String date, String mgPerDl) {
        return quantity("ca-" + date, "17861-6", date, mgPerDl, "mg/dL");
    }

    private Observation observation(String id, String loinc, String date) {
        Observation o = new Observation();
        o.setId(patientId + "-" + id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding(LOINC, loinc, null)));
        o.setSubject(ref());
        o.setEffective(new DateTimeType(date));
        return o;
    }

    private Reference ref() {
        return new Reference("Patient/" + patientId);
    }

    Bundle bundle() {
        return bundle;
    }

    String json() {
        return PlanApi.json(bundle);
    }
}

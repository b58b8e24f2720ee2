package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the rules know about one patient as of one date. Immutable; rules never call now():
 * {@link #asOf()} is the evaluation date. Every fact keeps the id of the FHIR resource it came
 * from (e.g. {@code Observation/abc}) so the plan can cite it. Missing data is an empty Optional
 * or an empty list; {@link #unobtainable()} says which kinds of record could not be fetched at all.
 */
public record PatientSnapshot(
        LocalDate asOf,
        Optional<String> patientId,
        Gender gender,
        Optional<BirthDate> birthDate,
        Optional<Deceased> deceased,
        List<MedicationEvidence> medications,
        List<DxaResult> dxaResults,
        List<LabResult> labs,
        List<SmokingAnswer> smokingAnswers,
        List<ConditionFact> conditions,
        List<FamilyHistoryFact> familyHistory,
        List<MenopausalRecord> menopausalRecords,
        List<DentalExam> dentalExams,
        List<ProcedureFact> procedures,
        Set<DataKind> unobtainable) {

    public PatientSnapshot {
        Objects.requireNonNull(asOf, "asOf");
        patientId = patientId == null ? Optional.empty() : patientId;
        gender = gender == null ? Gender.UNKNOWN : gender;
        birthDate = birthDate == null ? Optional.empty() : birthDate;
        deceased = deceased == null ? Optional.empty() : deceased;
        medications = List.copyOf(medications);
        dxaResults = List.copyOf(dxaResults);
        labs = List.copyOf(labs);
        smokingAnswers = List.copyOf(smokingAnswers);
        conditions = List.copyOf(conditions);
        familyHistory = List.copyOf(familyHistory);
        menopausalRecords = List.copyOf(menopausalRecords);
        dentalExams = List.copyOf(dentalExams);
        procedures = List.copyOf(procedures);
        unobtainable = Set.copyOf(unobtainable);
    }

    /** An empty record for a patient of unknown gender and birth date. */
    public static PatientSnapshot empty(LocalDate asOf) {
        return new PatientSnapshot(asOf, Optional.empty(), Gender.UNKNOWN, Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Set.of());
    }

    public boolean isUnobtainable(DataKind kind) {
        return unobtainable.contains(kind);
    }
}

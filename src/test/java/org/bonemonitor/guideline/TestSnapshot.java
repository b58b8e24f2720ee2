package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Readable test builder: {@code aSnapshot().female().bornOn("1964-03-10").withAnastrozoleStartedOn("2026-05-12").build()}. */
public final class TestSnapshot {

    public static final LocalDate SCENARIO_DATE = LocalDate.parse("2026-06-01");

    private LocalDate asOf = SCENARIO_DATE;
    private Gender gender = Gender.FEMALE;
    private Optional<BirthDate> birthDate = Optional.empty();
    private Optional<Deceased> deceased = Optional.empty();
    private final List<MedicationEvidence> meds = new ArrayList<>();
    private final List<DxaResult> dxa = new ArrayList<>();
    private final List<LabResult> labs = new ArrayList<>();
    private final List<SmokingAnswer> smoking = new ArrayList<>();
    private final List<ConditionFact> conditions = new ArrayList<>();
    private final List<FamilyHistoryFact> family = new ArrayList<>();
    private final List<MenopausalRecord> menopause = new ArrayList<>();
    private final List<DentalExam> dental = new ArrayList<>();
    private final List<ProcedureFact> procedures = new ArrayList<>();
    private final Set<DataKind> unobtainable = EnumSet.noneOf(DataKind.class);
    private int seq;

    private TestSnapshot() {
    }

    public static TestSnapshot aSnapshot() {
        return new TestSnapshot();
    }

    private String id(String type) {
        return type + "/" + (++seq);
    }

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    public TestSnapshot asOf(String date) {
        asOf = d(date);
        return this;
    }

    public TestSnapshot female() {
        gender = Gender.FEMALE;
        return this;
    }

    public TestSnapshot male() {
        gender = Gender.MALE;
        return this;
    }

    public TestSnapshot gender(Gender g) {
        gender = g;
        return this;
    }

    public TestSnapshot bornOn(String date) {
        birthDate = Optional.of(BirthDate.exactly(d(date)));
        return this;
    }

    public TestSnapshot bornIn(BirthDate b) {
        birthDate = Optional.of(b);
        return this;
    }

    public TestSnapshot withMedication(MedicationEvidence e) {
        meds.add(e);
        return this;
    }

    public TestSnapshot withActive(DrugClass drug, String start) {
        return withMedication(MedicationEvidence.activeStatement(id("MedicationStatement"), drug, d(start)));
    }

    public TestSnapshot withAnastrozoleStartedOn(String start) {
        return withActive(DrugClass.ANASTROZOLE, start);
    }

    public TestSnapshot withLetrozoleStartedOn(String start) {
        return withActive(DrugClass.LETROZOLE, start);
    }

    public TestSnapshot withExemestaneStartedOn(String start) {
        return withActive(DrugClass.EXEMESTANE, start);
    }

    /** A statement with a status and an optional period. */
    public TestSnapshot withStatement(DrugClass drug, String status, String start, String end) {
        return withMedication(statement(drug, status, start, end));
    }

    public MedicationEvidence statement(DrugClass drug, String status, String start, String end) {
        return MedicationEvidence.of(id("MedicationStatement"), drug, MedicationEvidence.Source.STATEMENT, status, Optional.empty(),
                Optional.ofNullable(start).map(LocalDate::parse), Optional.ofNullable(end).map(LocalDate::parse));
    }

    public TestSnapshot withRequest(DrugClass drug, String status, String intent, String authoredOn) {
        return withMedication(request(drug, status, intent, authoredOn));
    }

    public MedicationEvidence request(DrugClass drug, String status, String intent, String authoredOn) {
        return MedicationEvidence.of(id("MedicationRequest"), drug, MedicationEvidence.Source.REQUEST, status, Optional.of(intent),
                Optional.ofNullable(authoredOn).map(LocalDate::parse), Optional.empty());
    }

    /** A CDS Hooks draft order being signed now (D2 exception). */
    public TestSnapshot withDraftOrder(DrugClass drug) {
        return withMedication(MedicationEvidence.of(id("MedicationRequest"), drug, MedicationEvidence.Source.REQUEST, "draft",
                Optional.of("order"), Optional.empty(), Optional.empty()).asDraftOrder());
    }

    public TestSnapshot withAdministration(DrugClass drug, String date) {
        return withMedication(administration(drug, date));
    }

    public MedicationEvidence administration(DrugClass drug, String date) {
        return MedicationEvidence.of(id("MedicationAdministration"), drug, MedicationEvidence.Source.ADMINISTRATION, "completed",
                Optional.empty(), Optional.of(d(date)), Optional.empty());
    }

    /** A dispense handed over on {@code date}; {@code daysSupply} null for none (§6 D3: 30 days). */
    public MedicationEvidence dispense(DrugClass drug, String date, Integer daysSupply) {
        MedicationEvidence e = MedicationEvidence.of(id("MedicationDispense"), drug, MedicationEvidence.Source.DISPENSE, "completed",
                Optional.empty(), Optional.of(d(date)), Optional.empty());
        return daysSupply == null ? e : e.withSupply(java.time.Period.ofDays(daysSupply));
    }

    public TestSnapshot withOralBisphosphonateDispensed(String date, int daysSupply) {
        return withMedication(dispense(DrugClass.BISPHOSPHONATE, date, daysSupply).withRegimen(MedicationEvidence.Regimen.ORAL_BISPHOSPHONATE));
    }

    /** A bone-directed drug given on {@code date} with a regimen (§6 A6). */
    public TestSnapshot withBoneDrugGiven(DrugClass drug, MedicationEvidence.Regimen regimen, String date) {
        return withMedication(administration(drug, date).withRegimen(regimen).withRoute(MedicationEvidence.Route.PARENTERAL));
    }

    public TestSnapshot withDxa(String date, DxaSite site, DxaResult.Measure measure, String value, String code) {
        dxa.add(new DxaResult(id("Observation"), d(date), site, measure, new BigDecimal(value), code));
        return this;
    }

    public TestSnapshot withTScore(String date, DxaSite site, String value) {
        return withDxa(date, site, DxaResult.Measure.T_SCORE, value, defaultCode(site, DxaResult.Measure.T_SCORE));
    }

    public TestSnapshot withZScore(String date, DxaSite site, String value) {
        return withDxa(date, site, DxaResult.Measure.Z_SCORE, value, defaultCode(site, DxaResult.Measure.Z_SCORE));
    }

    public TestSnapshot withBmd(String date, DxaSite site, String value) {
        return withDxa(date, site, DxaResult.Measure.BMD, value, defaultCode(site, DxaResult.Measure.BMD));
    }

    private static String defaultCode(DxaSite site, DxaResult.Measure m) {
        return switch (site) {
            case SPINE -> m == DxaResult.Measure.T_SCORE ? "38267-1" : m == DxaResult.Measure.BMD ? "24966-4" : "85394-5";
            case TOTAL_HIP -> m == DxaResult.Measure.T_SCORE ? "38264-8" : m == DxaResult.Measure.BMD ? "38261-4" : "80933-5";
            case FEMORAL_NECK -> m == DxaResult.Measure.T_SCORE ? "38263-0" : m == DxaResult.Measure.BMD ? "24701-5" : "80934-3";
            case FOREARM -> m == DxaResult.Measure.T_SCORE ? "80943-4" : m == DxaResult.Measure.BMD ? "24890-6" : "80932-7";
            case UNSPECIFIED -> "38265-5";
        };
    }

    public TestSnapshot withLab(LabResult.Kind kind, String date, String value, String unit) {
        labs.add(LabResult.of(id("Observation"), kind, d(date), value, unit));
        return this;
    }

    public TestSnapshot withLab(LabResult lab) {
        labs.add(lab);
        return this;
    }

    public TestSnapshot withBmi(String date, String value) {
        return withLab(LabResult.Kind.BMI, date, value, LabResult.KG_PER_M2);
    }

    public TestSnapshot withVitaminD(String date, String value, String unit) {
        return withLab(LabResult.Kind.VITAMIN_D, date, value, unit);
    }

    public TestSnapshot withCalcium(String date, String mgPerDl) {
        return withLab(LabResult.Kind.CALCIUM, date, mgPerDl, LabResult.MG_PER_DL);
    }

    public TestSnapshot withEgfr(String date, String value) {
        return withLab(LabResult.Kind.EGFR, date, value, LabResult.EGFR_UNIT);
    }

    public TestSnapshot withSmoking(String date, SmokingAnswer.Category c) {
        smoking.add(new SmokingAnswer(id("Observation"), d(date), c));
        return this;
    }

    public TestSnapshot neverSmoker() {
        return withSmoking("2026-01-01", SmokingAnswer.Category.NEVER);
    }

    public TestSnapshot withCondition(String group, String onset) {
        conditions.add(new ConditionFact(id("Condition"), Set.of(group), Optional.of("active"),
                Optional.ofNullable(onset).map(LocalDate::parse), Optional.empty()));
        return this;
    }

    /** A Condition with its codings (system|code), onset and recorded date (either may be null). */
    public TestSnapshot withCodedCondition(String group, String coding, String onset, String recorded) {
        conditions.add(new ConditionFact(id("Condition"), Set.of(group), Optional.of("active"),
                Optional.ofNullable(onset).map(LocalDate::parse), Optional.empty(), Optional.ofNullable(recorded).map(LocalDate::parse),
                coding == null ? Set.of() : Set.of(coding)));
        return this;
    }

    /** Invasive breast cancer (ICD-10-CM C50.911) with onset. */
    public TestSnapshot withBreastCancer(String onset) {
        return withCodedCondition(org.bonemonitor.terminology.Groups.BREAST_CANCER, "http://hl7.org/fhir/sid/icd-10-cm|C50.911", onset,
                onset);
    }

    /** A completed Procedure (or DXA report without values) of a codes.csv group. */
    public TestSnapshot withProcedure(String group, String date) {
        procedures.add(new ProcedureFact(id("Procedure"), Set.of(group), Optional.ofNullable(date).map(LocalDate::parse)));
        return this;
    }

    public TestSnapshot withCondition(ConditionFact c) {
        conditions.add(c);
        return this;
    }

    public TestSnapshot withFamilyHistory(boolean parent, String group) {
        family.add(new FamilyHistoryFact(id("FamilyMemberHistory"), parent, Set.of(group)));
        return this;
    }

    public TestSnapshot withMenopausalState(String date, boolean premenopausal) {
        menopause.add(new MenopausalRecord(id("Observation"), date == null ? null : d(date), premenopausal));
        return this;
    }

    public TestSnapshot withDentalExam(String date) {
        dental.add(new DentalExam(id("Procedure"), d(date)));
        return this;
    }

    /** Patient.deceased[x]: {@code date} null for deceasedBoolean = true. */
    public TestSnapshot deceased(String date) {
        deceased = Optional.of(new Deceased(date == null ? Optional.empty() : Optional.of(d(date))));
        return this;
    }

    public TestSnapshot unobtainable(DataKind... kinds) {
        unobtainable.addAll(List.of(kinds));
        return this;
    }

    public PatientSnapshot build() {
        return new PatientSnapshot(asOf, Optional.of("Patient/p1"), gender, birthDate, deceased, meds, dxa, labs, smoking, conditions,
                family, menopause, dental, procedures, unobtainable);
    }

    public BoneHealthAssessment assess() {
        return BoneHealthRules.assess(build());
    }
}

package org.bonemonitor.snapshot;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bonemonitor.guideline.BirthDate;
import org.bonemonitor.guideline.Deceased;
import org.bonemonitor.guideline.ConditionFact;
import org.bonemonitor.guideline.DataKind;
import org.bonemonitor.guideline.DentalExam;
import org.bonemonitor.guideline.DrugClass;
import org.bonemonitor.guideline.DxaResult;
import org.bonemonitor.guideline.DxaSite;
import org.bonemonitor.guideline.FamilyHistoryFact;
import org.bonemonitor.guideline.Gender;
import org.bonemonitor.guideline.LabResult;
import org.bonemonitor.guideline.MedicationEvidence;
import org.bonemonitor.guideline.MenopausalRecord;
import org.bonemonitor.guideline.PatientSnapshot;
import org.bonemonitor.guideline.ProcedureFact;
import org.bonemonitor.guideline.SmokingAnswer;
import org.bonemonitor.terminology.CodeTables;
import org.bonemonitor.terminology.CodedConcept;
import org.bonemonitor.terminology.Groups;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.FamilyMemberHistory;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Turns HAPI R4 resources into a {@link PatientSnapshot} as of a date. Plain class, no framework:
 * {@code SnapshotBuilder.standard().build(resources, asOf)}.
 *
 * <p>What it decides (the rules decide the rest): medication recognition (D1, with the Medication
 * resolved from the collection or contained), raw dates (D3, partial dates → first day),
 * Observation status (A1: final / amended / corrected), units (vitamin D ng/mL or nmol/L, calcium
 * mg/dL or mmol/L, BMD g/cm², weight kg, height cm), and dropping entered-in-error / refuted
 * records. Duplicate records (the same fact under two ids) collapse to one, citing the smallest id.
 */
public final class SnapshotBuilder {

    /**
     * The FHIR types the rules read — the one list stored plans, CDS Hooks' stored-record fill and the
     * plan queue use. Medication is read when a medication resource references it.
     */
    public static final List<String> INPUT_TYPES = List.of("Patient", "Medication", "MedicationStatement", "MedicationRequest",
            "MedicationAdministration", "MedicationDispense", "Observation", "Condition", "FamilyMemberHistory", "Procedure",
            "Encounter", "DiagnosticReport");

    /** A1: Observation statuses that count as results. */
    static final Set<String> RESULT_STATUSES = Set.of("final", "amended", "corrected");
    /** A1: LOINC 38265-5 is used by data generators as a generic T-score: site unspecified. */
    static final String GENERIC_TSCORE_LOINC = "38265-5";
    /** A7 (§5): albumin-corrected calcium. */
    static final String CORRECTED_CALCIUM_LOINC = "29265-6";
    /** RF4 (§5): parent relationships (v3-RoleCode). */
    static final Set<String> PARENT_CODES = Set.of("PRN", "NPRN", "MTH", "FTH", "NMTH", "NFTH", "ADOPTP", "ADOPTM", "ADOPTF");
    /** D7: a stated dose of 120 mg makes denosumab the oncology (Xgeva) product. */
    private static final Pattern DOSE_120_MG = Pattern.compile("(?<![\\d.])120\\s*mg(?![a-z])", Pattern.CASE_INSENSITIVE);
    /** §6 D7: Xgeva named the RxNorm way ("1.7 ML denosumab 70 MG/ML"). */
    private static final Pattern XGEVA_STRENGTH = Pattern.compile("(?<![\\d.])70\\s*mg/ml|(?<![\\d.])1\\.7\\s*ml\\b",
            Pattern.CASE_INSENSITIVE);
    /** §6 A6: zoledronic acid 5 mg yearly (Reclast, Aclasta, 0.05 MG/ML, 5 MG). */
    private static final Pattern ZOLEDRONIC_5_MG = Pattern.compile("reclast|aclasta|0\\.05\\s*mg/ml|(?<![\\d.])5\\s*mg\\b",
            Pattern.CASE_INSENSITIVE);
    /** §6 A6: zoledronic acid 4 mg (Zometa, 0.04 MG/ML, 4 MG). */
    private static final Pattern ZOLEDRONIC_4_MG = Pattern.compile("zometa|0\\.04\\s*mg/ml|(?<![\\d.])4\\s*mg\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ZOLEDRONIC = Pattern.compile("zoledron|zometa|reclast|aclasta", Pattern.CASE_INSENSITIVE);
    private static final Pattern IBANDRONATE = Pattern.compile("ibandron|boniva|bonviva", Pattern.CASE_INSENSITIVE);
    /** §6 A6: the oral bisphosphonates (names and brands; ibandronate is decided by its form). */
    private static final Pattern ORAL_BISPHOSPHONATE = Pattern.compile(
            "alendron|risedron|clodron|etidron|tiludron|fosamax|binosto|actonel|atelvia", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORAL_FORM = Pattern.compile("tablet|capsule|\\boral\\b|by mouth|effervescent|\\bpo\\b",
            Pattern.CASE_INSENSITIVE);
    /** §6 A4 RF6 (and T6): routes and forms that are not systemic. */
    private static final Pattern LOCAL_WORDS = Pattern.compile("topical|cutaneous|ophthalmic|\\botic\\b|nasal|inhal|nebuli[sz]"
            + "|intra-?articular|rectal|rectum|suppositor|enema|vaginal|pessar|cream|ointment|lotion|eye drop|ear drop",
            Pattern.CASE_INSENSITIVE);
    /**
     * §6 A4 RF6: SNOMED CT routes that are not systemic: topical, cutaneous, ophthalmic, otic, nasal,
     * respiratory tract / inhalation, intra-articular, rectal, vaginal.
     */
    private static final Set<String> LOCAL_ROUTE_CODES = Set.of("6064005", "448598008", "54485002", "10547007", "46713006",
            "447694001", "18679011", "12130007", "37161004", "16857009");
    /** §6 A7: 25-OH vitamin D2 alone, summed with a D3-only result of the same date. */
    static final String VITAMIN_D2_LOINC = "1990-1";
    /** A6: words that mark an injected / IV product. */
    private static final Pattern PARENTERAL_WORDS = Pattern.compile(
            "inject|infusion|syringe|intravenous|subcutaneous|\\bi\\.?v\\.?\\b|\\bs\\.?c\\.?\\b|zoledron|pamidron",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> PARENTERAL_CODES = Set.of("77655", "1114085", "1737449", "M05BA08", "M05BA03");

    private final CodeTables codes;

    public SnapshotBuilder(CodeTables codes) {
        this.codes = codes;
    }

    public static SnapshotBuilder standard() {
        return new SnapshotBuilder(CodeTables.standard());
    }

    /**
     * Extra context of a CDS Hooks call.
     *
     * @param draftOrders   draft MedicationRequests being prescribed now (order-select / order-sign): a new start (D2)
     * @param unobtainable  kinds of record that could not be fetched (prefetch key null and no FHIR server)
     */
    public record Options(List<MedicationRequest> draftOrders, Set<DataKind> unobtainable) {
        public Options {
            draftOrders = List.copyOf(draftOrders);
            unobtainable = Set.copyOf(unobtainable);
        }

        public static Options none() {
            return new Options(List.of(), Set.of());
        }
    }

    /** The resources of a Bundle's entries. */
    public static List<Resource> resourcesOf(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(r -> r != null).toList();
    }

    public PatientSnapshot build(Collection<? extends Resource> resources, LocalDate asOf) {
        return build(resources, asOf, Options.none());
    }

    public PatientSnapshot build(Collection<? extends Resource> resources, LocalDate asOf, Options options) {
        return new Run(resources, asOf, options).snapshot();
    }

    private final class Run {
        private final LocalDate asOf;
        private final Options options;
        private final Collection<? extends Resource> resources;
        private final Map<String, Medication> medications = new HashMap<>();
        private Optional<Patient> patient = Optional.empty();
        private final List<MedicationEvidence> meds = new ArrayList<>();
        private final List<DxaResult> dxa = new ArrayList<>();
        private final List<LabResult> labs = new ArrayList<>();
        private final List<SmokingAnswer> smoking = new ArrayList<>();
        private final List<ConditionFact> conditions = new ArrayList<>();
        private final List<FamilyHistoryFact> family = new ArrayList<>();
        private final List<MenopausalRecord> menopause = new ArrayList<>();
        private final List<DentalExam> dental = new ArrayList<>();
        private final List<ProcedureFact> procedures = new ArrayList<>();
        /** Observation.device of the Observation being read (§6 A5). */
        private Optional<String> device = Optional.empty();
        private int anonymous;

        Run(Collection<? extends Resource> resources, LocalDate asOf, Options options) {
            this.resources = resources;
            this.asOf = asOf;
            this.options = options;
        }

        PatientSnapshot snapshot() {
            for (Resource r : resources) {
                if (r instanceof Medication m && m.hasIdElement()) {
                    medications.put(m.getIdElement().getIdPart(), m);
                    medications.put("Medication/" + m.getIdElement().getIdPart(), m);
                    medications.put(m.getIdElement().getValue(), m);
                }
                if (r instanceof Patient p && patient.isEmpty()) {
                    patient = Optional.of(p);
                }
            }
            for (Resource r : resources) {
                if (r instanceof MedicationStatement ms) {
                    statement(ms);
                } else if (r instanceof MedicationRequest mr) {
                    request(mr, false);
                } else if (r instanceof MedicationAdministration ma) {
                    administration(ma);
                } else if (r instanceof MedicationDispense md) {
                    dispense(md);
                } else if (r instanceof Observation o) {
                    observation(o);
                } else if (r instanceof Condition c) {
                    condition(c);
                } else if (r instanceof FamilyMemberHistory f) {
                    familyHistory(f);
                } else if (r instanceof Procedure p) {
                    procedure(p);
                } else if (r instanceof DiagnosticReport d) {
                    diagnosticReport(d);
                } else if (r instanceof Encounter e) {
                    encounter(e);
                }
            }
            options.draftOrders().forEach(d -> request(d, true));
            Set<DataKind> unobtainable = options.unobtainable().isEmpty() ? EnumSet.noneOf(DataKind.class)
                    : EnumSet.copyOf(options.unobtainable());
            return new PatientSnapshot(asOf, patient.map(this::id), patient.map(SnapshotBuilder::gender).orElse(Gender.UNKNOWN),
                    patient.flatMap(SnapshotBuilder::birthDate), patient.flatMap(p -> deceased(p, asOf)), dedupe(meds), dedupe(dxa), dedupe(labs), dedupe(smoking),
                    dedupe(conditions), dedupe(family), dedupe(menopause), dedupe(dental), dedupe(procedures), unobtainable);
        }

        /**
         * The reference to cite: {@code Type/id}; a resource of a transaction Bundle that only has a
         * {@code urn:uuid:} fullUrl is cited by that urn (what references inside the same Bundle use).
         */
        private String id(Resource r) {
            String value = r.hasIdElement() ? r.getIdElement().getValue() : null;
            if (value != null && value.startsWith("urn:")) {
                return value;
            }
            if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
                return r.fhirType() + "/" + r.getIdElement().getIdPart();
            }
            return r.fhirType() + "/anonymous-" + (++anonymous);
        }

        // ---------------------------------------------------------------- medications (D1–D3)

        private record Drug(CodeableConcept concept, Optional<Medication> medication) {
        }

        private Drug resolve(DomainResource owner, Type medication) {
            if (medication instanceof CodeableConcept cc) {
                return new Drug(cc, Optional.empty());
            }
            if (medication instanceof Reference ref) {
                Medication m = null;
                if (ref.getResource() instanceof Medication direct) {
                    m = direct;
                } else if (ref.hasReference()) {
                    String target = ref.getReference();
                    if (target.startsWith("#")) {
                        String local = target.substring(1);
                        for (Resource c : owner.getContained()) {
                            String cid = c.getIdElement().getIdPart();
                            if (c instanceof Medication cm && cid != null && cid.replace("#", "").equals(local)) {
                                m = cm;
                            }
                        }
                    } else {
                        m = medications.get(target);
                        if (m == null && !target.startsWith("urn:")) {
                            m = medications.get(target.substring(target.lastIndexOf('/') + 1));
                        }
                    }
                }
                if (m != null) {
                    return new Drug(m.getCode(), Optional.of(m));
                }
                CodeableConcept fromDisplay = new CodeableConcept();
                if (ref.hasDisplay()) {
                    fromDisplay.setText(ref.getDisplay());
                }
                return new Drug(fromDisplay, Optional.empty());
            }
            return new Drug(new CodeableConcept(), Optional.empty());
        }

        /** D1 and D7: the drug classes of a medication concept. */
        private List<DrugClass> classify(Drug drug, List<Dosage> dosages) {
            CodedConcept concept = concept(drug.concept());
            Set<String> groups = new TreeSet<>(codes.classify(concept));
            // D1: a Medication whose code says nothing is recognised by its ingredients
            if (drug.medication().isPresent() && groups.stream().noneMatch(g -> DrugClass.ofGroup(g).isPresent())) {
                for (Medication.MedicationIngredientComponent i : drug.medication().get().getIngredient()) {
                    if (i.getItem() instanceof CodeableConcept ic) {
                        groups.addAll(codes.classify(concept(ic)));
                    }
                }
            }
            List<String> texts = new ArrayList<>(concept.texts());
            dosages.forEach(d -> {
                if (d.hasText()) {
                    texts.add(d.getText());
                }
                d.getDoseAndRate().forEach(dr -> {
                    if (dr.hasDoseQuantity() && dr.getDoseQuantity().hasValue()
                            && dr.getDoseQuantity().getValue().compareTo(BigDecimal.valueOf(120)) == 0
                            && "mg".equalsIgnoreCase(String.valueOf(dr.getDoseQuantity().getUnit()))) {
                        texts.add("120 mg");
                    }
                });
            });
            drug.medication().ifPresent(m -> m.getIngredient().forEach(i -> {
                if (i.hasStrength() && i.getStrength().hasNumerator()) {
                    Quantity n = i.getStrength().getNumerator();
                    if (n.hasValue() && n.getValue().compareTo(BigDecimal.valueOf(120)) == 0
                            && "mg".equalsIgnoreCase(String.valueOf(n.getUnit() != null ? n.getUnit() : n.getCode()))) {
                        texts.add("120 mg");
                    }
                }
            }));
            // §5/§6 D7: a text match of xgeva or its biosimilars, "70 MG/ML" / "1.7 ML", or a stated dose of 120 mg wins
            // over a denosumab-60 match
            List<String> oncologyBrands = codes.group(Groups.DENOSUMAB_120).names();
            if (groups.contains(Groups.DENOSUMAB_60) && texts.stream().anyMatch(t -> oncologyBrands.stream()
                    .anyMatch(b -> CodeTables.containsWord(t, b)) || DOSE_120_MG.matcher(t).find() || XGEVA_STRENGTH.matcher(t).find())) {
                groups.remove(Groups.DENOSUMAB_60);
                groups.add(Groups.DENOSUMAB_120);
            }
            if (groups.contains(Groups.DENOSUMAB_120)) {
                groups.remove(Groups.DENOSUMAB_60);
            }
            List<DrugClass> out = new ArrayList<>();
            for (String g : Groups.MEDICATION_GROUPS) {
                if (groups.contains(g)) {
                    DrugClass.ofGroup(g).ifPresent(out::add);
                }
            }
            return out;
        }

        /** The words that tell route and regimen: the concept's text and displays, the form, the dosage route and text. */
        private List<String> words(Drug drug, List<Dosage> dosages) {
            List<String> words = new ArrayList<>(concept(drug.concept()).texts());
            drug.medication().ifPresent(m -> words.addAll(concept(m.getForm()).texts()));
            for (Dosage d : dosages) {
                words.addAll(concept(d.getRoute()).texts());
                if (d.hasText()) {
                    words.add(d.getText());
                }
            }
            return words;
        }

        private MedicationEvidence.Route route(Drug drug, DrugClass cls, List<Dosage> dosages) {
            if (cls == DrugClass.DENOSUMAB_60 || cls == DrugClass.DENOSUMAB_120 || cls == DrugClass.GNRH_AGONIST
                    || cls == DrugClass.ANABOLIC) {
                return MedicationEvidence.Route.PARENTERAL;
            }
            List<String> words = words(drug, dosages);
            for (Dosage d : dosages) {
                if (d.getRoute().getCoding().stream().anyMatch(c -> "47625008".equals(c.getCode()) || "34206005".equals(c.getCode()))) {
                    return MedicationEvidence.Route.PARENTERAL; // SNOMED intravenous / subcutaneous route
                }
                if (d.getRoute().getCoding().stream().anyMatch(c -> LOCAL_ROUTE_CODES.contains(c.getCode()))) {
                    return MedicationEvidence.Route.LOCAL;
                }
            }
            if (words.stream().anyMatch(w -> LOCAL_WORDS.matcher(w).find())) {
                return MedicationEvidence.Route.LOCAL;
            }
            // A6 choice: a bisphosphonate not recognisably injected is treated as oral (shorter protection window)
            boolean codedIv = drug.concept().getCoding().stream().anyMatch(c -> PARENTERAL_CODES.contains(c.getCode()));
            return codedIv || words.stream().anyMatch(w -> PARENTERAL_WORDS.matcher(w).find())
                    ? MedicationEvidence.Route.PARENTERAL : MedicationEvidence.Route.ORAL;
        }

        /** §6 A6: the bone-directed regimen its coding, display or text names; UNKNOWN for a bisphosphonate that does not tell. */
        private MedicationEvidence.Regimen regimen(Drug drug, DrugClass cls, List<Dosage> dosages, MedicationEvidence.Route route) {
            if (cls != DrugClass.BISPHOSPHONATE) {
                return MedicationEvidence.defaultRegimen(cls, route);
            }
            List<String> words = words(drug, dosages);
            boolean injected = words.stream().anyMatch(w -> PARENTERAL_WORDS.matcher(w).find())
                    || dosages.stream().anyMatch(d -> d.getRoute().getCoding().stream()
                            .anyMatch(c -> "47625008".equals(c.getCode()) || "34206005".equals(c.getCode())));
            boolean oral = words.stream().anyMatch(w -> ORAL_FORM.matcher(w).find());
            if (words.stream().anyMatch(w -> ZOLEDRONIC.matcher(w).find())) {
                if (words.stream().anyMatch(w -> ZOLEDRONIC_5_MG.matcher(w).find())) {
                    return MedicationEvidence.Regimen.ZOLEDRONIC_ACID_5MG;
                }
                return words.stream().anyMatch(w -> ZOLEDRONIC_4_MG.matcher(w).find()) ? MedicationEvidence.Regimen.ZOLEDRONIC_ACID_4MG
                        : MedicationEvidence.Regimen.UNKNOWN;
            }
            if (words.stream().anyMatch(w -> IBANDRONATE.matcher(w).find())) {
                return injected ? MedicationEvidence.Regimen.IV_IBANDRONATE
                        : oral ? MedicationEvidence.Regimen.ORAL_BISPHOSPHONATE : MedicationEvidence.Regimen.UNKNOWN;
            }
            if (words.stream().anyMatch(w -> ORAL_BISPHOSPHONATE.matcher(w).find()) && !injected) {
                return MedicationEvidence.Regimen.ORAL_BISPHOSPHONATE;
            }
            return MedicationEvidence.Regimen.UNKNOWN;
        }

        /** The raw dates of one medication resource (D3, §6 D3); the rules decide what they mean. */
        private record Dates(Optional<LocalDate> start, Optional<LocalDate> end, Optional<LocalDate> validityEnd,
                Optional<java.time.Period> boundsDuration, Optional<java.time.Period> supply, Optional<LocalDate> handedOver) {
            static Dates of(Optional<LocalDate> start, Optional<LocalDate> end) {
                return new Dates(start, end, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            }
        }

        private void add(DomainResource r, Type medication, List<Dosage> dosages, MedicationEvidence.Source source, String status,
                Optional<String> intent, Dates dates, boolean draft) {
            if ("entered-in-error".equals(status)) {
                return;
            }
            Drug drug = resolve(r, medication);
            Optional<String> text = Optional.ofNullable(drug.concept().hasText() ? drug.concept().getText()
                    : drug.concept().getCoding().stream().map(Coding::getDisplay).filter(d -> d != null).findFirst().orElse(null));
            for (DrugClass cls : classify(drug, dosages)) {
                MedicationEvidence.Route route = route(drug, cls, dosages);
                meds.add(new MedicationEvidence(id(r), cls, source, status, intent, dates.start(), dates.end(), dates.validityEnd(),
                        dates.boundsDuration(), dates.supply(), dates.handedOver(), route, regimen(drug, cls, dosages, route), draft,
                        text));
            }
        }

        private void statement(MedicationStatement ms) {
            String status = ms.hasStatus() ? ms.getStatus().toCode() : "unknown";
            Optional<LocalDate> start = FhirDates.firstPresent(
                    ms.hasEffectivePeriod() ? FhirDates.start(ms.getEffectivePeriod()) : Optional.empty(),
                    ms.hasEffectiveDateTimeType() ? FhirDates.of(ms.getEffectiveDateTimeType()) : Optional.empty(),
                    boundsStart(ms.getDosage()), FhirDates.of(ms.getDateAssertedElement()));
            Optional<LocalDate> end = FhirDates.firstPresent(
                    ms.hasEffectivePeriod() ? FhirDates.end(ms.getEffectivePeriod()) : Optional.empty(), boundsEnd(ms.getDosage()));
            add(ms, ms.getMedication(), ms.getDosage(), MedicationEvidence.Source.STATEMENT, status, Optional.empty(),
                    new Dates(start, end, Optional.empty(), boundsDuration(ms.getDosage()), Optional.empty(), Optional.empty()), false);
        }

        private void request(MedicationRequest mr, boolean draft) {
            String status = mr.hasStatus() ? mr.getStatus().toCode() : "unknown";
            MedicationRequest.MedicationRequestDispenseRequestComponent dr = mr.hasDispenseRequest() ? mr.getDispenseRequest() : null;
            Optional<LocalDate> start = FhirDates.firstPresent(boundsStart(mr.getDosageInstruction()),
                    dr != null && dr.hasValidityPeriod() ? FhirDates.start(dr.getValidityPeriod()) : Optional.empty(),
                    FhirDates.of(mr.getAuthoredOnElement()));
            Optional<LocalDate> end = boundsEnd(mr.getDosageInstruction());
            Optional<LocalDate> validityEnd = dr != null && dr.hasValidityPeriod() ? FhirDates.end(dr.getValidityPeriod()) : Optional.empty();
            // §6 D3: expectedSupplyDuration × (1 + numberOfRepeatsAllowed), calendar months and years kept
            Optional<java.time.Period> supply = dr != null && dr.hasExpectedSupplyDuration()
                    ? period(dr.getExpectedSupplyDuration()).map(p -> p.multipliedBy(1 + (dr.hasNumberOfRepeatsAllowed()
                            ? Math.max(0, dr.getNumberOfRepeatsAllowed()) : 0)))
                    : Optional.empty();
            add(mr, mr.getMedication(), mr.getDosageInstruction(), MedicationEvidence.Source.REQUEST, status,
                    Optional.ofNullable(mr.hasIntent() ? mr.getIntent().toCode() : null),
                    new Dates(start, end, validityEnd, boundsDuration(mr.getDosageInstruction()), supply, Optional.empty()), draft);
        }

        private void administration(MedicationAdministration ma) {
            String status = ma.hasStatus() ? ma.getStatus().toCode() : "unknown";
            Optional<LocalDate> start = FhirDates.startOf(ma.getEffective());
            Optional<LocalDate> end = ma.hasEffectivePeriod() ? FhirDates.end(ma.getEffectivePeriod()) : Optional.empty();
            add(ma, ma.getMedication(), List.of(), MedicationEvidence.Source.ADMINISTRATION, status, Optional.empty(),
                    Dates.of(start, end), false);
        }

        /** D3 order: boundsPeriod.start before whenHandedOver; the supply runs from the handover (§6 D3). */
        private void dispense(MedicationDispense md) {
            String status = md.hasStatus() ? md.getStatus().toCode() : "unknown";
            Optional<LocalDate> handedOver = FhirDates.of(md.getWhenHandedOverElement());
            Optional<LocalDate> start = FhirDates.firstPresent(boundsStart(md.getDosageInstruction()), handedOver);
            Optional<java.time.Period> supply = md.hasDaysSupply() ? period(md.getDaysSupply()) : Optional.empty();
            add(md, md.getMedication(), md.getDosageInstruction(), MedicationEvidence.Source.DISPENSE, status, Optional.empty(),
                    new Dates(start, Optional.empty(), Optional.empty(), Optional.empty(), supply, handedOver), false);
        }

        private Optional<java.time.Period> boundsDuration(List<Dosage> dosages) {
            return dosages.stream().filter(d -> d.hasTiming() && d.getTiming().hasRepeat() && d.getTiming().getRepeat().hasBoundsDuration())
                    .map(d -> period(d.getTiming().getRepeat().getBoundsDuration())).flatMap(Optional::stream).findFirst();
        }

        private Optional<LocalDate> boundsStart(List<Dosage> dosages) {
            return dosages.stream().filter(d -> d.hasTiming() && d.getTiming().hasRepeat() && d.getTiming().getRepeat().hasBoundsPeriod())
                    .map(d -> FhirDates.start(d.getTiming().getRepeat().getBoundsPeriod())).flatMap(Optional::stream)
                    .min(Comparator.naturalOrder());
        }

        private Optional<LocalDate> boundsEnd(List<Dosage> dosages) {
            return dosages.stream().filter(d -> d.hasTiming() && d.getTiming().hasRepeat() && d.getTiming().getRepeat().hasBoundsPeriod())
                    .map(d -> FhirDates.end(d.getTiming().getRepeat().getBoundsPeriod())).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder());
        }

        // ---------------------------------------------------------------- observations (A1, A4, A7)

        private void observation(Observation o) {
            String status = o.hasStatus() ? o.getStatus().toCode() : "";
            if (!RESULT_STATUSES.contains(status)) {
                return;
            }
            Optional<LocalDate> date = FhirDates.firstPresent(FhirDates.startOf(o.getEffective()), FhirDates.of(o.getIssuedElement()));
            if (date.isEmpty()) {
                return;
            }
            String id = id(o);
            Set<String> groups = codes.classify(concept(o.getCode()));
            device = o.hasDevice() ? Optional.ofNullable(o.getDevice().hasReference() ? o.getDevice().getReference()
                    : o.getDevice().hasIdentifier() ? o.getDevice().getIdentifier().getValue() : o.getDevice().getDisplay())
                    : Optional.empty();
            value(id, date.get(), o.getCode(), groups, o.getValue(), o.hasReferenceRange() ? o.getReferenceRangeFirstRep().getLow() : null);
            for (Observation.ObservationComponentComponent c : o.getComponent()) {
                // §5 A1: components take the parent's date; the parent's own code does not matter
                value(id, date.get(), c.getCode(), codes.classify(concept(c.getCode())), c.getValue(),
                        c.hasReferenceRange() ? c.getReferenceRangeFirstRep().getLow() : null);
            }
            if (groups.contains(Groups.DENTAL_EXAM)) {
                dental.add(new DentalExam(id, date.get()));
            }
            Set<String> valueGroups = o.getValue() instanceof CodeableConcept vc ? codes.classify(concept(vc)) : Set.of();
            if (groups.contains(Groups.PREMENOPAUSAL) || valueGroups.contains(Groups.PREMENOPAUSAL)) {
                menopause.add(new MenopausalRecord(id, date.get(), true));
            } else if (groups.contains(Groups.POSTMENOPAUSAL) || valueGroups.contains(Groups.POSTMENOPAUSAL)) {
                menopause.add(new MenopausalRecord(id, date.get(), false));
            }
            if (groups.contains(Groups.SMOKING_STATUS)) {
                SmokingAnswer.Category category = valueGroups.contains(Groups.SMOKER_CURRENT) ? SmokingAnswer.Category.CURRENT
                        : valueGroups.contains(Groups.SMOKER_FORMER) ? SmokingAnswer.Category.FORMER
                        : valueGroups.contains(Groups.SMOKER_NEVER) ? SmokingAnswer.Category.NEVER : SmokingAnswer.Category.OTHER;
                smoking.add(new SmokingAnswer(id, date.get(), category));
            }
        }

        private void value(String id, LocalDate date, CodeableConcept code, Set<String> groups, Type value, Quantity low) {
            Optional<BigDecimal> number = number(value);
            if (number.isEmpty()) {
                return;
            }
            String unit = value instanceof Quantity q ? unit(q) : "";
            String loinc = code.getCoding().stream().filter(c -> "http://loinc.org".equals(c.getSystem())).map(Coding::getCode)
                    .findFirst().orElse(code.getCoding().isEmpty() ? "" : code.getCodingFirstRep().getCode());
            for (String g : groups) {
                if (g.startsWith(Groups.DXA_PREFIX)) {
                    dxa(id, date, g, loinc, number.get(), unit);
                }
            }
            if (groups.contains(Groups.LAB_25OHD)) {
                String u = unit.isEmpty() ? ("14635-7".equals(loinc) ? LabResult.NMOL_PER_L : LabResult.NG_PER_ML)
                        : unit.contains("nmol") ? LabResult.NMOL_PER_L : LabResult.NG_PER_ML;
                labs.add(new LabResult(id, LabResult.Kind.VITAMIN_D, loinc, date, number.get(), u, Optional.empty(), false));
            }
            if (VITAMIN_D2_LOINC.equals(loinc)) {
                String u = unit.contains("nmol") ? LabResult.NMOL_PER_L : LabResult.NG_PER_ML;
                labs.add(new LabResult(id, LabResult.Kind.VITAMIN_D2, loinc, date, number.get(), u, Optional.empty(), false));
            }
            if (groups.contains(Groups.LAB_CALCIUM)) {
                boolean molar = unit.isEmpty() ? Set.of("2000-8", CORRECTED_CALCIUM_LOINC).contains(loinc) : unit.contains("mol");
                BigDecimal v = number.get();
                String u = molar ? LabResult.MMOL_PER_L : LabResult.MG_PER_DL;
                Optional<BigDecimal> ref = low != null && low.hasValue() ? Optional.of(low.getValue()) : Optional.empty();
                if (molar && unit.contains("umol")) {
                    v = v.divide(BigDecimal.valueOf(1000), MathContext.DECIMAL64);
                    ref = ref.map(x -> x.divide(BigDecimal.valueOf(1000), MathContext.DECIMAL64));
                }
                labs.add(new LabResult(id, LabResult.Kind.CALCIUM, loinc, date, v, u, ref, CORRECTED_CALCIUM_LOINC.equals(loinc)));
            }
            addLab(groups, Groups.LAB_EGFR, LabResult.Kind.EGFR, id, loinc, date, number.get(), LabResult.EGFR_UNIT);
            addLab(groups, Groups.LAB_CREATININE, LabResult.Kind.CREATININE, id, loinc, date, number.get(), unit);
            addLab(groups, Groups.LAB_ESTRADIOL, LabResult.Kind.ESTRADIOL, id, loinc, date, number.get(), unit);
            addLab(groups, Groups.LAB_PTH, LabResult.Kind.PTH, id, loinc, date, number.get(), unit);
            addLab(groups, Groups.BMI, LabResult.Kind.BMI, id, loinc, date, number.get(), LabResult.KG_PER_M2);
            addLab(groups, Groups.AUDIT_C_TOTAL, LabResult.Kind.AUDIT_C, id, loinc, date, number.get(), "{score}");
            if (groups.contains(Groups.BODY_WEIGHT)) {
                BigDecimal kg = unit.equals("[lb_av]") || unit.equalsIgnoreCase("lb") || unit.equalsIgnoreCase("lbs")
                        ? number.get().multiply(new BigDecimal("0.45359237")) : unit.equals("g") ? number.get().movePointLeft(3) : number.get();
                addLab(groups, Groups.BODY_WEIGHT, LabResult.Kind.WEIGHT, id, loinc, date, kg, LabResult.KG);
            }
            if (groups.contains(Groups.BODY_HEIGHT)) {
                BigDecimal cm = unit.equals("m") ? number.get().movePointRight(2)
                        : unit.equals("[in_i]") || unit.equalsIgnoreCase("in") ? number.get().multiply(new BigDecimal("2.54"))
                        : unit.equals("mm") ? number.get().movePointLeft(1) : number.get();
                addLab(groups, Groups.BODY_HEIGHT, LabResult.Kind.HEIGHT, id, loinc, date, cm, LabResult.CM);
            }
        }

        private void addLab(Set<String> groups, String group, LabResult.Kind kind, String id, String loinc, LocalDate date,
                BigDecimal value, String unit) {
            if (groups.contains(group)) {
                labs.add(new LabResult(id, kind, loinc, date, value, unit, Optional.empty(), false));
            }
        }

        private void dxa(String id, LocalDate date, String group, String loinc, BigDecimal value, String unit) {
            DxaResult.Measure measure;
            String site;
            if (group.startsWith(Groups.DXA_TSCORE_PREFIX)) {
                measure = DxaResult.Measure.T_SCORE;
                site = group.substring(Groups.DXA_TSCORE_PREFIX.length());
            } else if (group.startsWith(Groups.DXA_ZSCORE_PREFIX)) {
                measure = DxaResult.Measure.Z_SCORE;
                site = group.substring(Groups.DXA_ZSCORE_PREFIX.length());
            } else if (group.startsWith(Groups.DXA_BMD_PREFIX)) {
                measure = DxaResult.Measure.BMD;
                site = group.substring(Groups.DXA_BMD_PREFIX.length());
                if (unit.startsWith("mg")) {
                    value = value.movePointLeft(3); // mg/cm2 → g/cm2
                }
            } else {
                return;
            }
            DxaSite dxaSite = GENERIC_TSCORE_LOINC.equals(loinc) ? DxaSite.UNSPECIFIED : DxaSite.ofCode(site).orElse(DxaSite.UNSPECIFIED);
            dxa.add(new DxaResult(id, date, dxaSite, measure, value, loinc, device));
        }

        // ---------------------------------------------------------------- conditions, family history, dental

        private void condition(Condition c) {
            String verification = c.hasVerificationStatus() ? c.getVerificationStatus().getCodingFirstRep().getCode() : "";
            if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
                return;
            }
            String id = id(c);
            Set<String> groups = codes.classify(concept(c.getCode()));
            Optional<String> clinical = c.hasClinicalStatus()
                    ? Optional.ofNullable(c.getClinicalStatus().getCodingFirstRep().getCode()) : Optional.empty();
            Optional<LocalDate> onset = c.hasOnsetDateTimeType() ? FhirDates.of(c.getOnsetDateTimeType())
                    : c.hasOnsetPeriod() ? FhirDates.start(c.getOnsetPeriod()) : Optional.empty();
            Optional<Integer> onsetAge = Optional.empty();
            if (c.hasOnsetAge() && c.getOnsetAge().hasValue()) {
                String u = String.valueOf(c.getOnsetAge().getCode() != null ? c.getOnsetAge().getCode() : c.getOnsetAge().getUnit());
                BigDecimal v = c.getOnsetAge().getValue();
                onsetAge = Optional.of(u.startsWith("mo") ? v.intValue() / 12 : v.intValue());
            }
            Optional<LocalDate> recorded = FhirDates.of(c.getRecordedDateElement());
            Set<String> codings = new TreeSet<>();
            c.getCode().getCoding().forEach(cd -> codings.add(cd.getSystem() + "|" + cd.getCode()));
            conditions.add(new ConditionFact(id, groups, clinical, onset, onsetAge, recorded, codings));
            Optional<LocalDate> when = FhirDates.firstPresent(onset, recorded);
            if (groups.contains(Groups.PREMENOPAUSAL) || groups.contains(Groups.POSTMENOPAUSAL)) {
                // §6 D6: a dateless menopausal-state record is older than any dated one
                menopause.add(new MenopausalRecord(id, when, groups.contains(Groups.PREMENOPAUSAL)));
            }
        }

        private void familyHistory(FamilyMemberHistory f) {
            if (f.hasStatus() && "entered-in-error".equals(f.getStatus().toCode())) {
                return;
            }
            boolean parent = f.getRelationship().getCoding().stream().anyMatch(c -> PARENT_CODES.contains(c.getCode()))
                    || concept(f.getRelationship()).texts().stream().anyMatch(t -> CodeTables.containsWord(t, "mother")
                            || CodeTables.containsWord(t, "father") || CodeTables.containsWord(t, "parent"));
            Set<String> groups = new TreeSet<>();
            f.getCondition().forEach(c -> groups.addAll(codes.classify(concept(c.getCode()))));
            family.add(new FamilyHistoryFact(id(f), parent, groups));
        }

        private void procedure(Procedure p) {
            if (!p.hasStatus() || !"completed".equals(p.getStatus().toCode())) {
                return;
            }
            Set<String> groups = codes.classify(concept(p.getCode()));
            Optional<LocalDate> performed = FhirDates.startOf(p.getPerformed());
            if (groups.contains(Groups.DENTAL_EXAM)) {
                performed.ifPresent(d -> dental.add(new DentalExam(id(p), d)));
            }
            if (groups.contains(Groups.PROCEDURE_DXA) || groups.contains(Groups.OOPHORECTOMY)) {
                procedures.add(new ProcedureFact(id(p), groups, performed));
            }
        }

        /** §6 A1/A2: a DXA report; its result Observations, when sent, are read as DXA results (and join its exam). */
        private void diagnosticReport(DiagnosticReport r) {
            String status = r.hasStatus() ? r.getStatus().toCode() : "";
            if (!RESULT_STATUSES.contains(status)) {
                return;
            }
            Set<String> groups = codes.classify(concept(r.getCode()));
            if (groups.contains(Groups.PROCEDURE_DXA)) {
                Optional<LocalDate> date = FhirDates.firstPresent(FhirDates.startOf(r.getEffective()), FhirDates.of(r.getIssuedElement()));
                procedures.add(new ProcedureFact(id(r), groups, date));
            }
        }

        private void encounter(Encounter e) {
            if (!e.hasStatus() || !"finished".equals(e.getStatus().toCode())) {
                return;
            }
            boolean dentalType = e.getType().stream().anyMatch(t -> codes.classify(concept(t)).contains(Groups.DENTAL_EXAM))
                    || e.getServiceType() != null && codes.classify(concept(e.getServiceType())).contains(Groups.DENTAL_EXAM);
            if (dentalType) {
                FhirDates.start(e.getPeriod()).ifPresent(d -> dental.add(new DentalExam(id(e), d)));
            }
        }
    }

    // -------------------------------------------------------------------- helpers

    static CodedConcept concept(CodeableConcept cc) {
        if (cc == null) {
            return new CodedConcept(List.of(), Optional.empty());
        }
        List<CodedConcept.Coding> codings = cc.getCoding().stream()
                .map(c -> new CodedConcept.Coding(c.getSystem(), c.getCode(), Optional.ofNullable(c.getDisplay())))
                .toList();
        return new CodedConcept(codings, Optional.ofNullable(cc.getText()));
    }

    static Gender gender(Patient p) {
        if (!p.hasGender()) {
            return Gender.UNKNOWN;
        }
        return switch (p.getGender()) {
            case MALE -> Gender.MALE;
            case FEMALE -> Gender.FEMALE;
            case OTHER -> Gender.OTHER;
            default -> Gender.UNKNOWN;
        };
    }

    /** Patient.deceased[x] on or before the evaluation date (§0: a later record is ignored). */
    static Optional<Deceased> deceased(Patient p, LocalDate asOf) {
        if (p.getDeceased() instanceof BooleanType b) {
            return Boolean.TRUE.equals(b.getValue()) ? Optional.of(new Deceased(Optional.empty())) : Optional.empty();
        }
        if (p.getDeceased() instanceof DateTimeType d) {
            return FhirDates.of(d).filter(on -> !on.isAfter(asOf)).map(on -> new Deceased(Optional.of(on)));
        }
        return Optional.empty();
    }

    static Optional<BirthDate> birthDate(Patient p) {
        if (!p.hasBirthDateElement() || p.getBirthDateElement().getValueAsString() == null) {
            return Optional.empty();
        }
        String s = p.getBirthDateElement().getValueAsString().trim();
        try {
            if (s.length() == 4) {
                return Optional.of(BirthDate.ofYear(Integer.parseInt(s)));
            }
            if (s.length() == 7) {
                return Optional.of(BirthDate.ofYearMonth(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7))));
            }
            return FhirDates.parse(s).map(BirthDate::exactly);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<BigDecimal> number(Type value) {
        if (value instanceof Quantity q && q.hasValue()) {
            return Optional.of(q.getValue());
        }
        if (value instanceof IntegerType i && i.hasValue()) {
            return Optional.of(BigDecimal.valueOf(i.getValue()));
        }
        return Optional.empty();
    }

    static String unit(Quantity q) {
        String u = q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : "";
        return u.replace("²", "2").replace(" ", "").toLowerCase(Locale.ROOT).equals("nmol/l") ? "nmol/L" : u.replace("²", "2").trim();
    }

    /**
     * A UCUM / plain-unit duration as a calendar amount (§0, §6 D3: months and years are calendar
     * months and years): d, wk, mo, a; fractions of a day are dropped.
     */
    static Optional<java.time.Period> period(Quantity q) {
        if (q == null || !q.hasValue()) {
            return Optional.empty();
        }
        String u = (q.hasCode() ? q.getCode() : String.valueOf(q.getUnit())).toLowerCase(Locale.ROOT);
        int v = q.getValue().intValue();
        if (u.startsWith("wk") || u.startsWith("week")) {
            return Optional.of(java.time.Period.ofWeeks(v));
        }
        if (u.startsWith("mo")) {
            return Optional.of(java.time.Period.ofMonths(v));
        }
        if (u.equals("a") || u.startsWith("year") || u.equals("yr")) {
            return Optional.of(java.time.Period.ofYears(v));
        }
        return Optional.of(java.time.Period.ofDays(v));
    }

    /** Collapses records equal in everything but their source id, keeping the smallest id; sorted by id. */
    static <T extends Record> List<T> dedupe(List<T> facts) {
        Map<List<Object>, T> best = new LinkedHashMap<>();
        for (T f : facts) {
            List<Object> key = new ArrayList<>();
            String id = "";
            for (RecordComponent rc : f.getClass().getRecordComponents()) {
                try {
                    Object v = rc.getAccessor().invoke(f);
                    if (rc.getName().equals("sourceId")) {
                        id = (String) v;
                    } else {
                        key.add(v);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            T current = best.get(key);
            if (current == null || id.compareTo(sourceId(current)) < 0) {
                best.put(key, f);
            }
        }
        return best.values().stream().sorted(Comparator.comparing(SnapshotBuilder::sourceId)).toList();
    }

    private static String sourceId(Record r) {
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            if (rc.getName().equals("sourceId")) {
                try {
                    return (String) rc.getAccessor().invoke(r);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return "";
    }
}

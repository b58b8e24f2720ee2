package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of medication evidence (a MedicationStatement, -Request, -Administration or -Dispense)
 * as the snapshot builder read it. Status rules (D2) and end dates (D3) are applied by the rules,
 * so the raw status, intent, dates and supply are kept.
 *
 * @param sourceId       the FHIR resource it came from, e.g. {@code MedicationStatement/abc}
 * @param drug           the drug class (D1)
 * @param source         the resource type
 * @param status         the FHIR status code as written (lower case)
 * @param intent         MedicationRequest.intent, if any
 * @param start          D3 start, if any date was present (§6 D3: dateless evidence is handled by the rules)
 * @param end            explicit end: effectivePeriod.end / boundsPeriod.end
 * @param validityEnd    MedicationRequest dispenseRequest.validityPeriod.end
 * @param boundsDuration dosage timing.repeat.boundsDuration (calendar units kept)
 * @param supply         expectedSupplyDuration × (1 + numberOfRepeatsAllowed) of a request; daysSupply of a dispense
 * @param handedOver     MedicationDispense.whenHandedOver
 * @param route          oral, injected/IV, or local (not systemic: topical, inhaled…, §6 A4 RF6)
 * @param regimen        for bone-directed drugs, the regimen the coding, display or text names (§6 A6)
 * @param draftOrder     a CDS Hooks draft order being prescribed now (D2 exception)
 * @param text           the medication's text, for reasons (e.g. "Anastrozole 0.5mg twice weekly")
 */
public record MedicationEvidence(String sourceId, DrugClass drug, Source source, String status, Optional<String> intent,
        Optional<LocalDate> start, Optional<LocalDate> end, Optional<LocalDate> validityEnd, Optional<Period> boundsDuration,
        Optional<Period> supply, Optional<LocalDate> handedOver, Route route, Regimen regimen, boolean draftOrder,
        Optional<String> text) {

    public enum Source {
        STATEMENT("MedicationStatement"), REQUEST("MedicationRequest"), ADMINISTRATION("MedicationAdministration"),
        DISPENSE("MedicationDispense");

        private final String resourceType;

        Source(String resourceType) {
            this.resourceType = resourceType;
        }

        public String resourceType() {
            return resourceType;
        }
    }

    /** How the drug reaches the body: LOCAL is not systemic (topical, cutaneous, eye, ear, nose, inhaled, joint, rectal). */
    public enum Route { ORAL, PARENTERAL, LOCAL }

    /** §6 A6: the bone-directed regimens with their own protection window; NONE for other drugs. */
    public enum Regimen { NONE, DENOSUMAB_60, ZOLEDRONIC_ACID_4MG, ZOLEDRONIC_ACID_5MG, IV_IBANDRONATE, ORAL_BISPHOSPHONATE, ANABOLIC,
        UNKNOWN }

    public MedicationEvidence {
        Objects.requireNonNull(sourceId);
        Objects.requireNonNull(drug);
        Objects.requireNonNull(source);
        status = status == null ? "unknown" : status;
        intent = intent == null ? Optional.empty() : intent;
        start = start == null ? Optional.empty() : start;
        end = end == null ? Optional.empty() : end;
        validityEnd = validityEnd == null ? Optional.empty() : validityEnd;
        boundsDuration = boundsDuration == null ? Optional.empty() : boundsDuration;
        supply = supply == null ? Optional.empty() : supply;
        handedOver = handedOver == null ? Optional.empty() : handedOver;
        route = route == null ? defaultRoute(drug) : route;
        regimen = regimen == null ? defaultRegimen(drug, route) : regimen;
        text = text == null ? Optional.empty() : text;
    }

    /** Evidence with the common fields; no validity, duration, supply or handover. */
    public static MedicationEvidence of(String sourceId, DrugClass drug, Source source, String status, Optional<String> intent,
            Optional<LocalDate> start, Optional<LocalDate> end) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, Optional.empty(), Optional.empty(),
                Optional.empty(), source == Source.DISPENSE ? start : Optional.empty(), null, null, false, Optional.empty());
    }

    /** An active statement with a start date: the common test shape. */
    public static MedicationEvidence activeStatement(String id, DrugClass drug, LocalDate start) {
        return of(id, drug, Source.STATEMENT, "active", Optional.empty(), Optional.of(start), Optional.empty());
    }

    public static Route defaultRoute(DrugClass drug) {
        return drug == DrugClass.DENOSUMAB_60 || drug == DrugClass.DENOSUMAB_120 || drug == DrugClass.GNRH_AGONIST
                || drug == DrugClass.ANABOLIC ? Route.PARENTERAL : Route.ORAL;
    }

    /** The regimen when nothing more is known: denosumab and anabolic agents are one each; a bisphosphonate is unknown. */
    public static Regimen defaultRegimen(DrugClass drug, Route route) {
        return switch (drug) {
            case DENOSUMAB_60 -> Regimen.DENOSUMAB_60;
            case ANABOLIC -> Regimen.ANABOLIC;
            case BISPHOSPHONATE -> Regimen.UNKNOWN;
            default -> Regimen.NONE;
        };
    }

    public MedicationEvidence withSourceId(String id) {
        return new MedicationEvidence(id, drug, source, status, intent, start, end, validityEnd, boundsDuration, supply, handedOver,
                route, regimen, draftOrder, text);
    }

    public MedicationEvidence withStatus(String newStatus) {
        return new MedicationEvidence(sourceId, drug, source, newStatus, intent, start, end, validityEnd, boundsDuration, supply,
                handedOver, route, regimen, draftOrder, text);
    }

    public MedicationEvidence withEnd(LocalDate newEnd) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, Optional.ofNullable(newEnd), validityEnd,
                boundsDuration, supply, handedOver, route, regimen, draftOrder, text);
    }

    public MedicationEvidence withSupply(Period newSupply) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, boundsDuration,
                Optional.ofNullable(newSupply), handedOver, route, regimen, draftOrder, text);
    }

    public MedicationEvidence withValidityEnd(LocalDate date) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, Optional.ofNullable(date), boundsDuration,
                supply, handedOver, route, regimen, draftOrder, text);
    }

    public MedicationEvidence withBoundsDuration(Period duration) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, Optional.ofNullable(duration),
                supply, handedOver, route, regimen, draftOrder, text);
    }

    public MedicationEvidence withHandedOver(LocalDate date) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, boundsDuration, supply,
                Optional.ofNullable(date), route, regimen, draftOrder, text);
    }

    public MedicationEvidence withRoute(Route newRoute) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, boundsDuration, supply,
                handedOver, newRoute, regimen, draftOrder, text);
    }

    public MedicationEvidence withRegimen(Regimen newRegimen) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, boundsDuration, supply,
                handedOver, route, newRegimen, draftOrder, text);
    }

    public MedicationEvidence withText(String newText) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, boundsDuration, supply,
                handedOver, route, regimen, draftOrder, Optional.ofNullable(newText));
    }

    public MedicationEvidence asDraftOrder() {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, end, validityEnd, boundsDuration, supply,
                handedOver, route, regimen, true, text);
    }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of medication evidence (a MedicationStatement, -Request, -Administration or -Dispense)
 * as the snapshot builder read it. Status rules (D2) and end dates (D3) are applied by the rules,
 * so the raw status, intent and supply are kept.
 *
 * @param sourceId   the FHIR resource it came from, e.g. {@code MedicationStatement/abc}
 * @param drug       the drug class (D1)
 * @param source     the resource type
 * @param status     the FHIR status code as written (lower case)
 * @param intent     MedicationRequest.intent, if any
 * @param start      D3 start, if any date was present (empty → the evaluation date, §5 D3)
 * @param end        explicit end (effectivePeriod.end / boundsPeriod.end), if any
 * @param supplyDays expectedSupplyDuration / daysSupply in days, if given
 * @param route      oral or injected/IV (A6)
 * @param draftOrder a CDS Hooks draft order being prescribed now (D2 exception)
 * @param text       the medication's text, for reasons (e.g. "Anastrozole 0.5mg twice weekly")
 */
public record MedicationEvidence(String sourceId, DrugClass drug, Source source, String status, Optional<String> intent,
        Optional<LocalDate> start, Optional<LocalDate> end, Optional<Integer> supplyDays, Route route,
        boolean draftOrder, Optional<String> text) {

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

    public enum Route { ORAL, PARENTERAL }

    public MedicationEvidence {
        Objects.requireNonNull(sourceId);
        Objects.requireNonNull(drug);
        Objects.requireNonNull(source);
        status = status == null ? "unknown" : status;
        intent = intent == null ? Optional.empty() : intent;
        start = start == null ? Optional.empty() : start;
        end = end == null ? Optional.empty() : end;
        supplyDays = supplyDays == null ? Optional.empty() : supplyDays;
        route = route == null ? Route.ORAL : route;
        text = text == null ? Optional.empty() : text;
    }

    /** An active statement with a start date: the common test shape. */
    public static MedicationEvidence activeStatement(String id, DrugClass drug, LocalDate start) {
        return new MedicationEvidence(id, drug, Source.STATEMENT, "active", Optional.empty(), Optional.of(start),
                Optional.empty(), Optional.empty(), defaultRoute(drug), false, Optional.empty());
    }

    public static Route defaultRoute(DrugClass drug) {
        return drug == DrugClass.DENOSUMAB_60 || drug == DrugClass.DENOSUMAB_120 || drug == DrugClass.GNRH_AGONIST
                ? Route.PARENTERAL : Route.ORAL;
    }

    public MedicationEvidence withSourceId(String id) {
        return new MedicationEvidence(id, drug, source, status, intent, start, end, supplyDays, route, draftOrder, text);
    }

    public MedicationEvidence withStatus(String newStatus) {
        return new MedicationEvidence(sourceId, drug, source, newStatus, intent, start, end, supplyDays, route,
                draftOrder, text);
    }

    public MedicationEvidence withEnd(LocalDate newEnd) {
        return new MedicationEvidence(sourceId, drug, source, status, intent, start, Optional.ofNullable(newEnd),
                supplyDays, route, draftOrder, text);
    }
}

package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** D2–D5: which medication evidence counts, its dates, and the aromatase-inhibitor episodes. */
final class TherapyEpisodes {

    /** D4: the longest gap between AI evidence that does not break an episode (*service default*). */
    static final long MAX_GAP_DAYS = 180;
    /** D5: an episode that started within this many days of the evaluation date is a new start. */
    static final long NEW_START_DAYS = 180;

    private TherapyEpisodes() {
    }

    /**
     * D2: evidence of any status except entered-in-error, not-taken (statement), cancelled / draft
     * (request, unless a CDS Hooks draft order), not-done (administration), cancelled / declined
     * (dispense); a MedicationRequest with intent proposal or plan is a suggestion, not an order (§5 D2).
     */
    static boolean countsAsExposure(MedicationEvidence e) {
        String st = e.status();
        if (st.equals("entered-in-error")) {
            return false;
        }
        return switch (e.source()) {
            case STATEMENT -> !st.equals("not-taken");
            case REQUEST -> e.draftOrder() || !(Set.of("cancelled", "draft").contains(st)
                    || e.intent().map(i -> i.equals("proposal") || i.equals("plan")).orElse(false));
            case ADMINISTRATION -> !st.equals("not-done");
            case DISPENSE -> !Set.of("cancelled", "declined").contains(st);
        };
    }

    /** D3 (§5): evidence with no date starts on the evaluation date. */
    static LocalDate start(MedicationEvidence e, LocalDate asOf) {
        return e.start().orElse(asOf);
    }

    /**
     * D3: the explicit end; a dispense ends at handover + days supply (§5 D3); a stopped/completed
     * resource (or a completed administration) with no end ends at start + expected supply, else on
     * its start. Anything else has no end.
     */
    static Optional<LocalDate> end(MedicationEvidence e, LocalDate asOf) {
        if (e.end().isPresent()) {
            return e.end();
        }
        if (e.draftOrder()) {
            return Optional.empty();
        }
        LocalDate start = start(e, asOf);
        boolean finished = e.status().equals("stopped") || e.status().equals("completed");
        if (e.source() == MedicationEvidence.Source.DISPENSE || finished) {
            return Optional.of(start.plusDays(e.supplyDays().orElse(0)));
        }
        return Optional.empty();
    }

    /** §5 D3/D4: ongoing when it has no end or its end is on or after the evaluation date. */
    static boolean ongoing(MedicationEvidence e, LocalDate asOf) {
        return end(e, asOf).map(d -> !d.isBefore(asOf)).orElse(true);
    }

    /** The latest date the evidence proves exposure: its end, or its start when it has none. */
    static LocalDate latestDate(MedicationEvidence e, LocalDate asOf) {
        return end(e, asOf).orElse(start(e, asOf));
    }

    /** A run of AI evidence. */
    record Run(LocalDate start, LocalDate lastEnd, boolean open, List<MedicationEvidence> evidence) {
    }

    /**
     * D4: AI evidence with no gap longer than {@link #MAX_GAP_DAYS} between the end of the run so
     * far and the next start forms one episode; tamoxifen neither opens nor bridges (§5 D4).
     */
    static List<Run> runs(List<MedicationEvidence> aiEvidence, LocalDate asOf) {
        List<MedicationEvidence> sorted = new ArrayList<>(aiEvidence);
        sorted.sort(Comparator.comparing((MedicationEvidence e) -> start(e, asOf)).thenComparing(MedicationEvidence::sourceId));
        List<Run> runs = new ArrayList<>();
        LocalDate runStart = null;
        LocalDate runEnd = null;
        boolean open = false;
        List<MedicationEvidence> current = new ArrayList<>();
        for (MedicationEvidence e : sorted) {
            LocalDate s = start(e, asOf);
            Optional<LocalDate> end = end(e, asOf);
            boolean joins = runStart != null && (open || ChronoUnit.DAYS.between(runEnd, s) <= MAX_GAP_DAYS);
            if (!joins) {
                if (runStart != null) {
                    runs.add(new Run(runStart, runEnd, open, current));
                }
                runStart = s;
                runEnd = end.orElse(s);
                open = end.isEmpty();
                current = new ArrayList<>();
            } else {
                open |= end.isEmpty();
                LocalDate candidate = end.orElse(s);
                if (candidate.isAfter(runEnd)) {
                    runEnd = candidate;
                }
            }
            current.add(e);
        }
        if (runStart != null) {
            runs.add(new Run(runStart, runEnd, open, current));
        }
        return runs;
    }

    /** D4/D5: the latest run as an episode. */
    static Episode episodeOf(Run run, LocalDate asOf) {
        boolean active = run.evidence().stream().anyMatch(e -> ongoing(e, asOf));
        boolean newStart = !run.start().isBefore(asOf.minusDays(NEW_START_DAYS));
        MedicationEvidence latest = run.evidence().stream()
                .max(Comparator.comparing((MedicationEvidence e) -> start(e, asOf))
                        .thenComparing(MedicationEvidence::sourceId, Comparator.reverseOrder()))
                .orElseThrow();
        List<String> ids = run.evidence().stream().map(MedicationEvidence::sourceId).distinct().sorted().toList();
        Optional<LocalDate> end = active ? Optional.empty() : Optional.of(run.lastEnd());
        return new Episode(run.start(), end, active, newStart, latest.drug(), ids);
    }
}

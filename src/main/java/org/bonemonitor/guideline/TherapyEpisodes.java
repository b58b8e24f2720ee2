package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** D2–D5 (§5, §6): which medication evidence counts, its dates, and the aromatase-inhibitor episodes. */
final class TherapyEpisodes {

    /** D4: the longest gap between AI evidence that does not break an episode (*service default*). */
    static final long MAX_GAP_DAYS = 180;
    /** D5: an episode that started within this many days of the evaluation date is a new start. */
    static final long NEW_START_DAYS = 180;
    /** §6 D3: a dispense without daysSupply lasts this many days after handover (*service default*). */
    static final int DISPENSE_DEFAULT_DAYS = 30;
    /**
     * §6 D4: finished AI evidence with an unknown end whose start is within this many years keeps the
     * episode active, unconfirmed (*service default*: the usual adjuvant course). The same span is the
     * longest an unknown end bridges to later evidence (docs/clinical-notes.md).
     */
    static final int UNKNOWN_END_YEARS = 5;

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

    /** {@code stopped} / {@code completed}: proves exposure for its dates, then ended (D2, §6 D3). */
    static boolean finished(MedicationEvidence e) {
        return e.status().equals("stopped") || e.status().equals("completed");
    }

    /** §6 D3: none of the D3 dates (a draft order being signed is dated now, not dateless). */
    static boolean dateless(MedicationEvidence e) {
        return e.start().isEmpty() && !e.draftOrder();
    }

    /** §6 D3: dateless evidence that is ongoing with an unknown start (not finished, not a dispense: a past handover). */
    static boolean datelessOngoing(MedicationEvidence e) {
        return dateless(e) && !finished(e) && e.source() != MedicationEvidence.Source.DISPENSE;
    }

    /** D3: the start; without one, the evaluation date (a draft order now; §6 D3 dateless evidence for due dates). */
    static LocalDate start(MedicationEvidence e, LocalDate asOf) {
        return e.start().orElse(asOf);
    }

    /**
     * D3 (§6): the explicit end (effectivePeriod.end / boundsPeriod.end); a dispense ends at handover +
     * daysSupply (30 days without it), whatever its status; finished evidence ends at the first present of
     * validityPeriod.end, start + boundsDuration, start + supply × (1 + repeats) — a finished
     * administration on its date. Empty: ongoing, or (see {@link #unknownEnd}) a finished order whose end
     * the record does not give.
     */
    static Optional<LocalDate> end(MedicationEvidence e, LocalDate asOf) {
        if (e.end().isPresent()) {
            return e.end();
        }
        if (e.draftOrder() || dateless(e)) {
            return Optional.empty();
        }
        if (e.source() == MedicationEvidence.Source.DISPENSE) {
            LocalDate handover = e.handedOver().orElse(e.start().orElseThrow());
            return Optional.of(handover.plus(e.supply().orElse(Period.ofDays(DISPENSE_DEFAULT_DAYS))));
        }
        if (!finished(e)) {
            return Optional.empty();
        }
        LocalDate start = e.start().orElseThrow();
        if (e.source() == MedicationEvidence.Source.ADMINISTRATION) {
            return Optional.of(start);
        }
        if (e.validityEnd().isPresent()) {
            return e.validityEnd();
        }
        return e.boundsDuration().or(e::supply).map(start::plus);
    }

    /** §6 D3: a stopped/completed statement or request with a start but none of the ends of {@link #end}. */
    static boolean unknownEnd(MedicationEvidence e) {
        return finished(e) && !dateless(e) && !e.draftOrder() && (e.source() == MedicationEvidence.Source.STATEMENT
                || e.source() == MedicationEvidence.Source.REQUEST) && e.end().isEmpty() && e.validityEnd().isEmpty()
                && e.boundsDuration().isEmpty() && e.supply().isEmpty();
    }

    /**
     * §5 D3/D4, §6 D3: ongoing when it has no end or its end is on or after the evaluation date; dateless
     * active evidence is ongoing, dateless finished evidence is not; an unknown end is decided by the
     * episode (§6 D4).
     */
    static boolean ongoing(MedicationEvidence e, LocalDate asOf) {
        if (dateless(e)) {
            return datelessOngoing(e);
        }
        if (unknownEnd(e)) {
            return false;
        }
        return end(e, asOf).map(d -> !d.isBefore(asOf)).orElse(true);
    }

    /** The latest date the evidence proves exposure: its end, or its start when it has none. */
    static LocalDate latestDate(MedicationEvidence e, LocalDate asOf) {
        return end(e, asOf).orElse(start(e, asOf));
    }

    /** A run of AI evidence; {@code startKnown} false for a run of dateless active evidence only. */
    record Run(LocalDate start, LocalDate lastEnd, boolean open, List<MedicationEvidence> evidence, boolean startKnown) {
    }

    /**
     * D4: dated AI evidence with no gap longer than {@link #MAX_GAP_DAYS} between the end of the run so
     * far and the next start forms one episode; tamoxifen neither opens nor bridges (§5 D4). An unknown
     * end (§6 D3) bridges to later evidence starting within {@link #UNKNOWN_END_YEARS} years. Dateless
     * finished evidence adds nothing (§6 D3); dateless active evidence continues a run that reaches the
     * evaluation date, else forms a run of its own with an unknown start.
     */
    static List<Run> runs(List<MedicationEvidence> aiEvidence, LocalDate asOf) {
        List<MedicationEvidence> sorted = new ArrayList<>(aiEvidence.stream().filter(e -> !dateless(e)).toList());
        sorted.sort(Comparator.comparing((MedicationEvidence e) -> start(e, asOf)).thenComparing(MedicationEvidence::sourceId));
        List<Run> runs = new ArrayList<>();
        LocalDate runStart = null;
        LocalDate runEnd = null;
        LocalDate bridge = null;
        boolean open = false;
        List<MedicationEvidence> current = new ArrayList<>();
        for (MedicationEvidence e : sorted) {
            LocalDate s = start(e, asOf);
            Optional<LocalDate> end = end(e, asOf);
            boolean unknown = unknownEnd(e);
            boolean joins = runStart != null && (open || ChronoUnit.DAYS.between(runEnd, s) <= MAX_GAP_DAYS
                    || bridge != null && !s.isAfter(bridge));
            if (!joins) {
                if (runStart != null) {
                    runs.add(new Run(runStart, runEnd, open, current, true));
                }
                runStart = s;
                runEnd = end.orElse(s);
                open = end.isEmpty() && !unknown;
                bridge = null;
                current = new ArrayList<>();
            } else {
                open |= end.isEmpty() && !unknown;
                LocalDate candidate = end.orElse(s);
                if (candidate.isAfter(runEnd)) {
                    runEnd = candidate;
                }
            }
            if (unknown && (bridge == null || s.plusYears(UNKNOWN_END_YEARS).isAfter(bridge))) {
                bridge = s.plusYears(UNKNOWN_END_YEARS);
            }
            current.add(e);
        }
        if (runStart != null) {
            runs.add(new Run(runStart, runEnd, open, current, true));
        }
        List<MedicationEvidence> datelessActive = aiEvidence.stream().filter(TherapyEpisodes::datelessOngoing).toList();
        if (!datelessActive.isEmpty()) {
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && (last.open() || ChronoUnit.DAYS.between(last.lastEnd(), asOf) <= MAX_GAP_DAYS
                    || last.evidence().stream().anyMatch(e -> ongoing(e, asOf)))) {
                List<MedicationEvidence> joined = new ArrayList<>(last.evidence());
                joined.addAll(datelessActive);
                runs.set(runs.size() - 1, new Run(last.start(), last.lastEnd(), true, joined, true));
            } else {
                runs.add(new Run(asOf, asOf, true, datelessActive, false));
            }
        }
        return runs;
    }

    /** D4/D5 (§6 D4): the latest run as an episode. */
    static Episode episodeOf(Run run, LocalDate asOf) {
        boolean active = run.evidence().stream().anyMatch(e -> ongoing(e, asOf));
        Comparator<MedicationEvidence> byStart = Comparator.comparing((MedicationEvidence e) -> dateless(e) ? LocalDate.MIN : start(e, asOf))
                .thenComparing(MedicationEvidence::sourceId, Comparator.reverseOrder());
        MedicationEvidence latest = run.evidence().stream().max(byStart).orElseThrow();
        boolean unconfirmed = false;
        Optional<MedicationEvidence> unknown = run.evidence().stream().filter(TherapyEpisodes::unknownEnd).max(byStart);
        if (!active && unknown.isPresent()) {
            // §6 D4 "no later evidence says more": a course with an end after the unknown-end evidence's start
            // (a statement, order or dispense) says more; an administration is one dose: it shows the course
            // still ran that day, not when it ended (EHRs and Synthea record the doses given during an order).
            MedicationEvidence u = unknown.get();
            LocalDate s = start(u, asOf);
            boolean saysMore = run.evidence().stream().anyMatch(e -> e != u && e.source() != MedicationEvidence.Source.ADMINISTRATION
                    && end(e, asOf).map(d -> d.isAfter(s)).orElse(false));
            if (!saysMore && !s.isBefore(asOf.minusYears(UNKNOWN_END_YEARS))) {
                active = true;
                unconfirmed = true;
            }
        }
        boolean newStart = run.startKnown() && !unconfirmed && !run.start().isBefore(asOf.minusDays(NEW_START_DAYS));
        List<String> ids = run.evidence().stream().map(MedicationEvidence::sourceId).distinct().sorted().toList();
        Optional<LocalDate> end = active ? Optional.empty() : Optional.of(run.lastEnd());
        return new Episode(run.start(), end, active, newStart, latest.drug(), ids, run.startKnown(), unconfirmed,
                exposureDays(run.evidence(), asOf));
    }

    /** §6 D8: days in the union of the [start, end) intervals of the dated evidence (one course recorded twice counts once). */
    static long exposureDays(List<MedicationEvidence> evidence, LocalDate asOf) {
        List<LocalDate[]> intervals = new ArrayList<>();
        for (MedicationEvidence e : evidence) {
            if (dateless(e)) {
                continue;
            }
            LocalDate s = start(e, asOf);
            LocalDate end = end(e, asOf).orElse(unknownEnd(e) ? s : asOf);
            if (end.isAfter(s)) {
                intervals.add(new LocalDate[] {s, end});
            }
        }
        return RiskFactors.unionDays(intervals);
    }
}

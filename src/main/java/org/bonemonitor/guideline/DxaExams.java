package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.bonemonitor.terminology.Groups;

/** A1–A3 and A5: DXA exams, the current T-score, its WHO category and the BMD trend. */
final class DxaExams {

    /** A1: a result joins an exam when it is at most this many days after the exam's first result. */
    static final long EXAM_WINDOW_DAYS = 30;
    /** A2: episode exams start this many months before the episode start [HADJI-2017 baseline]. */
    static final int EPISODE_EXAM_LOOKBACK_MONTHS = 12;
    /** A3: the most recent exam counts for the current T-score when within this many months. */
    static final int CURRENT_EXAM_MONTHS = 24;
    /** A3 WHO: T-score ≥ −1.0 is normal. */
    static final BigDecimal WHO_NORMAL_MIN = new BigDecimal("-1.0");
    /** A3 WHO: T-score ≤ −2.5 is osteoporosis. */
    static final BigDecimal WHO_OSTEOPOROSIS_MAX = new BigDecimal("-2.5");
    /** A5 least significant change [ISCD: 2.77 × minimum precision 1.9 %]: lumbar spine. */
    static final BigDecimal LSC_SPINE = new BigDecimal("5.3");
    /** A5 least significant change [ISCD: 2.77 × 1.8 %]: total hip. */
    static final BigDecimal LSC_TOTAL_HIP = new BigDecimal("5.0");
    /** A5 least significant change [ISCD: 2.77 × 2.5 %]: femoral neck. */
    static final BigDecimal LSC_FEMORAL_NECK = new BigDecimal("6.9");

    private static final Comparator<DxaResult> LOWEST =
            Comparator.comparing(DxaResult::value).thenComparing(DxaResult::site).thenComparing(DxaResult::sourceId);

    private DxaExams() {
    }

    /** A5 (§6): two exams further apart than this are not compared. */
    static final int COMPARABLE_MONTHS = 24;

    /**
     * An exam: results within 30 days of its first result; its date is the latest result's. §6 A1/A2:
     * {@code reports} are DXA Procedures / DiagnosticReports of the exam; an exam of reports only is an
     * exam without values.
     */
    record Exam(LocalDate firstDate, LocalDate date, List<DxaResult> results, List<String> reports) {

        Exam(LocalDate firstDate, LocalDate date, List<DxaResult> results) {
            this(firstDate, date, results, List.of());
        }

        boolean withoutValues() {
            return results.isEmpty();
        }

        List<DxaResult> of(DxaResult.Measure measure) {
            return results.stream().filter(r -> r.measure() == measure).toList();
        }

        /**
         * A1: the counted T-scores: spine / hip / femoral neck; forearm only when none of those is
         * in the exam; LOINC 38265-5 (site unspecified) only when the exam holds no other T-score.
         */
        List<DxaResult> countedTScores() {
            List<DxaResult> t = of(DxaResult.Measure.T_SCORE);
            List<DxaResult> central = t.stream().filter(r -> r.site().isCentral()).toList();
            if (!central.isEmpty()) {
                return central;
            }
            List<DxaResult> forearm = t.stream().filter(r -> r.site() == DxaSite.FOREARM).toList();
            return forearm.isEmpty() ? t : forearm;
        }

        Optional<ScoreReading> lowestTScore() {
            return countedTScores().stream().min(LOWEST).map(DxaExams::reading);
        }

        /** §5 A3/T1: the lowest Z-score of the exam (same site rules as T-scores). */
        Optional<ScoreReading> lowestZScore() {
            List<DxaResult> z = of(DxaResult.Measure.Z_SCORE);
            List<DxaResult> central = z.stream().filter(r -> r.site().isCentral()).toList();
            return (central.isEmpty() ? z : central).stream().min(LOWEST).map(DxaExams::reading);
        }

        List<String> sourceIds() {
            List<String> ids = new ArrayList<>(results.stream().map(DxaResult::sourceId).toList());
            ids.addAll(reports);
            return ids.stream().distinct().sorted().toList();
        }
    }

    static ScoreReading reading(DxaResult r) {
        return new ScoreReading(r.value(), r.site(), r.date(), r.sourceId());
    }

    /**
     * §5 A1: sort by date; a result joins the current exam when ≤ 30 days after its first result. §6
     * A1/A2: a DXA Procedure / DiagnosticReport joins the same way; alone it is an exam without values.
     */
    static List<Exam> exams(List<DxaResult> results, List<ProcedureFact> procedures, LocalDate asOf) {
        List<Item> items = new ArrayList<>();
        results.stream().filter(r -> !r.date().isAfter(asOf)).forEach(r -> items.add(new Item(r.date(), r.sourceId(), Optional.of(r))));
        procedures.stream().filter(p -> p.in(Groups.PROCEDURE_DXA) && p.date().isPresent() && !p.date().get().isAfter(asOf))
                .forEach(p -> items.add(new Item(p.date().get(), p.sourceId(), Optional.empty())));
        items.sort(Comparator.comparing(Item::date).thenComparing(Item::id));
        List<Exam> exams = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        for (Item i : items) {
            if (!current.isEmpty() && i.date().isAfter(current.get(0).date().plusDays(EXAM_WINDOW_DAYS))) {
                exams.add(exam(current));
                current = new ArrayList<>();
            }
            current.add(i);
        }
        if (!current.isEmpty()) {
            exams.add(exam(current));
        }
        return exams;
    }

    /** A DXA result, or a DXA report / procedure (no result), on a date. */
    private record Item(LocalDate date, String id, Optional<DxaResult> result) {
    }

    private static Exam exam(List<Item> items) {
        List<DxaResult> rs = items.stream().map(Item::result).flatMap(Optional::stream).toList();
        List<String> reports = items.stream().filter(i -> i.result().isEmpty()).map(Item::id).distinct().sorted().toList();
        return new Exam(items.get(0).date(), items.get(items.size() - 1).date(), rs, reports);
    }

    static List<Exam> exams(List<DxaResult> results, LocalDate asOf) {
        return exams(results, List.of(), asOf);
    }

    /** A2: exams dated no earlier than 12 months before the episode start. */
    static List<Exam> episodeExams(List<Exam> exams, LocalDate episodeStart) {
        LocalDate from = episodeStart.minusMonths(EPISODE_EXAM_LOOKBACK_MONTHS);
        return exams.stream().filter(e -> !e.date().isBefore(from)).toList();
    }

    /** A3: the most recent exam, when within 24 months of the evaluation date. */
    static Optional<Exam> currentExam(List<Exam> exams, LocalDate asOf) {
        if (exams.isEmpty()) {
            return Optional.empty();
        }
        Exam latest = exams.get(exams.size() - 1);
        return latest.date().isBefore(asOf.minusMonths(CURRENT_EXAM_MONTHS)) ? Optional.empty() : Optional.of(latest);
    }

    /** A3 WHO category: ≥ −1.0 normal; below −1.0 and above −2.5 osteopenia; ≤ −2.5 osteoporosis. */
    static WhoCategory category(Optional<ScoreReading> t) {
        if (t.isEmpty()) {
            return WhoCategory.UNKNOWN;
        }
        BigDecimal v = t.get().value();
        if (v.compareTo(WHO_NORMAL_MIN) >= 0) {
            return WhoCategory.NORMAL;
        }
        return v.compareTo(WHO_OSTEOPOROSIS_MAX) <= 0 ? WhoCategory.OSTEOPOROSIS : WhoCategory.OSTEOPENIA;
    }

    static Optional<BigDecimal> leastSignificantChange(DxaSite site) {
        return switch (site) {
            case SPINE -> Optional.of(LSC_SPINE);
            case TOTAL_HIP -> Optional.of(LSC_TOTAL_HIP);
            case FEMORAL_NECK -> Optional.of(LSC_FEMORAL_NECK);
            default -> Optional.empty();
        };
    }

    /**
     * A5 trends, and why a comparison was skipped (§6: data gap {@code dxa-comparability}).
     */
    record Trends(List<BmdTrend> trends, List<String> skipped) {
        Trends {
            trends = List.copyOf(trends);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * A5 (§5, §6): the latest exam against the exam immediately before it, per site. Each LOINC code
     * both exams have is compared (lowest value of the code in each exam) and the largest fall counts;
     * without a shared code, the lowest g/cm² value of the site in each exam. A fall of at least the
     * site's LSC is significant loss. Exams more than 24 months apart, or results naming different
     * devices, are not compared.
     */
    static Trends trends(List<Exam> exams) {
        if (exams.size() < 2) {
            return new Trends(List.of(), List.of());
        }
        Exam latest = exams.get(exams.size() - 1);
        Exam earlier = exams.get(exams.size() - 2);
        boolean farApart = earlier.date().isBefore(latest.date().minusMonths(COMPARABLE_MONTHS));
        Map<DxaSite, List<DxaResult>> latestBySite = bySite(latest.of(DxaResult.Measure.BMD));
        Map<DxaSite, List<DxaResult>> earlierBySite = bySite(earlier.of(DxaResult.Measure.BMD));
        List<BmdTrend> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (var entry : latestBySite.entrySet()) {
            DxaSite site = entry.getKey();
            List<DxaResult> l = entry.getValue();
            List<DxaResult> e = earlierBySite.get(site);
            if (e == null || e.isEmpty()) {
                continue;
            }
            if (farApart) {
                skipped.add(site.label() + ": the exams of " + earlier.date() + " and " + latest.date() + " are more than "
                        + COMPARABLE_MONTHS + " months apart");
                continue;
            }
            Set<String> shared = new LinkedHashSet<>(l.stream().map(DxaResult::code).filter(c -> !c.isEmpty()).sorted().toList());
            shared.retainAll(e.stream().map(DxaResult::code).toList());
            List<DxaResult[]> pairs = new ArrayList<>();
            if (shared.isEmpty()) {
                pairs.add(new DxaResult[] {e.stream().min(LOWEST).orElseThrow(), l.stream().min(LOWEST).orElseThrow()});
            } else {
                shared.forEach(code -> pairs.add(new DxaResult[] {lowestWithCode(e, code), lowestWithCode(l, code)}));
            }
            Optional<BmdTrend> worst = Optional.empty();
            for (DxaResult[] pair : pairs) {
                DxaResult ev = pair[0];
                DxaResult lv = pair[1];
                if (ev.device().isPresent() && lv.device().isPresent() && !ev.device().equals(lv.device())) {
                    skipped.add(site.label() + ": " + ev.sourceId() + " and " + lv.sourceId() + " were measured on different devices");
                    continue;
                }
                if (ev.value().signum() == 0) {
                    continue;
                }
                BigDecimal change = lv.value().subtract(ev.value())
                        .divide(ev.value(), MathContext.DECIMAL64).multiply(BigDecimal.valueOf(100));
                Optional<BigDecimal> lsc = leastSignificantChange(site);
                boolean significant = lsc.map(x -> change.compareTo(x.negate()) <= 0).orElse(false);
                BmdTrend t = new BmdTrend(site, ev.date(), ev.value(), lv.date(), lv.value(), change, lsc, significant,
                        List.of(ev.sourceId(), lv.sourceId()).stream().distinct().sorted().toList());
                if (worst.isEmpty() || t.percentChange().compareTo(worst.get().percentChange()) < 0) {
                    worst = Optional.of(t);
                }
            }
            worst.ifPresent(out::add);
        }
        return new Trends(out, skipped);
    }

    private static DxaResult lowestWithCode(List<DxaResult> rs, String code) {
        return rs.stream().filter(r -> r.code().equals(code)).min(LOWEST).orElseThrow();
    }

    private static Map<DxaSite, List<DxaResult>> bySite(List<DxaResult> rs) {
        Map<DxaSite, List<DxaResult>> m = new TreeMap<>();
        rs.forEach(r -> m.computeIfAbsent(r.site(), s -> new ArrayList<>()).add(r));
        return m;
    }
}

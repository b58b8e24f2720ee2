package org.bonemonitor.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bonemonitor.cdshooks.CdsFeedbackService;
import org.bonemonitor.platform.ApiProblem;
import org.bonemonitor.platform.QueryParams;
import org.bonemonitor.platform.ClinicalClock;
import org.bonemonitor.writeback.DeliveryService;

/**
 * The cohort as ops sees it, read from the assessment read model ({@link CohortRepository}): the
 * summary and the worklists. The dashboard page renders these same methods.
 */
@ApplicationScoped
public class CohortService {

    static final List<String> WORKLISTS = List.of("overdue", "due-soon", "no-baseline", "antiresorptive-indicated", "review", "all");
    static final int DEFAULT_WINDOW = 30;
    static final int MAX_WINDOW = 366;
    static final int MAX_PAGE_SIZE = 200;
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,3})d");
    private static final Map<String, String> SORTS = Map.of(
            "due", "next_due NULLS LAST",
            "name", "name NULLS LAST",
            "episode-start", "episode_start NULLS LAST",
            "assessed", "assessed_on");

    private final CohortRepository cohort;
    private final ClinicalClock clock;
    private final DeliveryService deliveries;
    private final CdsFeedbackService feedback;
    private final MeterRegistry registry;

    CohortService(CohortRepository cohort, ClinicalClock clock, DeliveryService deliveries, CdsFeedbackService feedback,
            MeterRegistry registry) {
        this.cohort = cohort;
        this.clock = clock;
        this.deliveries = deliveries;
        this.feedback = feedback;
        this.registry = registry;
    }

    /** A page of a worklist. */
    public record Page(String status, LocalDate asOf, int windowDays, String sort, int page, int size, long total,
            List<CohortRepository.Row> items) {
    }

    /** The SQL selection of a worklist (fixed fragments; the values are bound). */
    static String where(String list) {
        return switch (list) {
            case "overdue" -> "outcome = 'PLAN' AND overdue";
            case "due-soon" -> "outcome = 'PLAN' AND NOT overdue AND next_due <= ?";
            case "no-baseline" -> "outcome = 'PLAN' AND no_baseline";
            case "antiresorptive-indicated" -> "outcome = 'PLAN' AND antiresorptive_indicated";
            case "review" -> "outcome = 'PLAN' AND review";
            case "all" -> "outcome = 'PLAN'";
            default -> throw ApiProblem.badRequest("status must be one of " + String.join(", ", WORKLISTS));
        };
    }

    static List<Object> args(String list, LocalDate today, int windowDays) {
        return list.equals("due-soon") ? List.of(today.plusDays(windowDays)) : List.of();
    }

    /**
     * {@code GET /api/ops/patients}: one worklist, sorted ({@code due}, {@code name}, {@code episode-start},
     * {@code assessed}; a leading {@code -} reverses) and paged.
     */
    @Transactional
    public Page worklist(String status, String window, String sort, String page, String size) {
        String list = status == null || status.isBlank() ? "all" : status.trim().toLowerCase(Locale.ROOT);
        String where = where(list);
        int days = windowDays(window);
        String sortKey = sort == null || sort.isBlank() ? "due" : sort.trim();
        boolean descending = sortKey.startsWith("-");
        String column = SORTS.get(descending ? sortKey.substring(1) : sortKey);
        if (column == null) {
            throw ApiProblem.badRequest("sort must be one of due, name, episode-start, assessed (a leading '-' reverses)");
        }
        if (descending) {
            column = column.replace(" NULLS LAST", "") + " DESC NULLS LAST";
        }
        int pageNumber = QueryParams.integer("page", page, 0, 0, 100_000);
        int pageSize = QueryParams.integer("size", size, 50, 1, MAX_PAGE_SIZE);
        LocalDate today = clock.today();
        List<Object> args = args(list, today, days);
        return new Page(list, today, days, sortKey, pageNumber, pageSize, cohort.count(where, args),
                cohort.page(where, args, column, pageNumber * pageSize, pageSize));
    }

    /** {@code GET /api/ops/summary}: the cohort at a glance. */
    @Transactional
    public Map<String, Object> summary(String window) {
        int days = windowDays(window);
        LocalDate today = clock.today();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", today);
        out.put("windowDays", days);
        Map<String, Long> patients = new LinkedHashMap<>();
        patients.put("assessed", cohort.count("TRUE", List.of()));
        patients.put("planned", cohort.count(where("all"), List.of()));
        patients.put("activeEpisode", cohort.count("episode_active", List.of()));
        out.put("patients", patients);
        out.put("outcomes", cohort.grouped("SELECT lower(outcome), count(*) FROM ops_patient GROUP BY 1 ORDER BY 1", List.of()));
        out.put("plansByStatus", cohort.grouped(
                "SELECT plan_status, count(*) FROM ops_patient WHERE outcome = 'PLAN' GROUP BY 1 ORDER BY 1", List.of()));
        Map<String, Long> requests = cohort.grouped("""
                SELECT CASE WHEN (r->>'overdue')::boolean THEN 'overdue' WHEN (r->>'due')::date <= ? THEN 'dueInWindow' ELSE 'later' END,
                       count(*)
                  FROM ops_patient p, jsonb_array_elements(p.recommendations) r
                 WHERE p.outcome = 'PLAN' AND r->>'kind' = 'ORDER' GROUP BY 1""", List.of(today.plusDays(days)));
        Map<String, Long> requestCounts = new LinkedHashMap<>();
        for (String k : List.of("overdue", "dueInWindow", "later")) {
            requestCounts.put(k, requests.getOrDefault(k, 0L));
        }
        out.put("requests", requestCounts);
        Map<String, Long> worklists = new LinkedHashMap<>();
        for (String list : WORKLISTS) {
            worklists.put(list, cohort.count(where(list), args(list, today, days)));
        }
        out.put("worklists", worklists);
        out.put("noBaselineDxa", worklists.get("no-baseline"));
        out.put("antiresorptiveIndicatedNotOnOne", worklists.get("antiresorptive-indicated"));
        Map<String, Long> prompts = new LinkedHashMap<>();
        PatientFacts.REVIEW_CODES.stream().sorted().forEach(code -> prompts.put(code, 0L));
        prompts.putAll(cohort.grouped("SELECT c, count(*) FROM ops_patient, unnest(codes) c WHERE outcome = 'PLAN' AND c = ANY(?) "
                + "GROUP BY c", List.of((Object) PatientFacts.REVIEW_CODES.toArray(String[]::new))));
        out.put("reviewPrompts", prompts);
        out.put("dataGaps", cohort.grouped("SELECT g, count(*) FROM ops_patient, unnest(data_gaps) g WHERE outcome = 'PLAN' "
                + "GROUP BY g ORDER BY 2 DESC, 1", List.of()));
        out.put("dxaDueByMonth", dxaDueByMonth(today));
        out.put("outbox", deliveries.counts());
        Map<String, Object> cds = new LinkedHashMap<>();
        cds.put("calls", cdsCalls());
        cds.put("feedback", feedback.summary(5));
        out.put("cds", cds);
        out.put("reevaluation", Map.of("stalePatients", cohort.countStale(today)));
        return out;
    }

    /** DXA orders due per calendar month for the next 12 months (overdue ones count in the current month). */
    private Map<String, Long> dxaDueByMonth(LocalDate today) {
        Map<String, Long> months = new LinkedHashMap<>();
        LocalDate first = today.withDayOfMonth(1);
        for (int i = 0; i < 12; i++) {
            months.put(first.plusMonths(i).toString().substring(0, 7), 0L);
        }
        Map<String, Long> found = cohort.grouped("""
                SELECT to_char(GREATEST((r->>'due')::date, ?), 'YYYY-MM'), count(*)
                  FROM ops_patient p, jsonb_array_elements(p.recommendations) r
                 WHERE p.outcome = 'PLAN' AND r->>'code' LIKE 'dxa-%' AND (r->>'due')::date < ? GROUP BY 1""",
                List.of(today, first.plusMonths(12)));
        found.forEach((month, n) -> months.computeIfPresent(month, (m, zero) -> n));
        return months;
    }

    /** CDS Hooks calls answered by this replica since it started, by hook and outcome. */
    private List<Map<String, Object>> cdsCalls() {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (Timer t : registry.find("bonemonitor.cds.requests").timers()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("hook", t.getId().getTag("hook"));
            c.put("outcome", t.getId().getTag("outcome"));
            c.put("count", t.count());
            calls.add(c);
        }
        calls.sort((a, b) -> (a.get("hook") + "/" + a.get("outcome")).compareTo(b.get("hook") + "/" + b.get("outcome")));
        return calls;
    }

    static int windowDays(String window) {
        if (window == null || window.isBlank()) {
            return DEFAULT_WINDOW;
        }
        Matcher m = WINDOW.matcher(window.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > MAX_WINDOW) {
            throw ApiProblem.badRequest("window must be a number of days from 1d to " + MAX_WINDOW + "d, e.g. 30d");
        }
        return Integer.parseInt(m.group(1));
    }
}

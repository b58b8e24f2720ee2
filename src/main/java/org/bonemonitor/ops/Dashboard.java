package org.bonemonitor.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bonemonitor.cdshooks.CdsFeedbackService;
import org.bonemonitor.platform.ApiProblem;
import org.bonemonitor.writeback.DeliveryService;
import org.bonemonitor.writeback.DeliveryView;

/** The view models of the dashboard pages, built from the ops API's own service methods. */
@ApplicationScoped
public class Dashboard {

    private final CohortService cohort;
    private final PatientTimeline timeline;
    private final DeliveryService deliveries;
    private final CdsFeedbackService feedback;
    private final ObjectMapper mapper;

    Dashboard(CohortService cohort, PatientTimeline timeline, DeliveryService deliveries, CdsFeedbackService feedback,
            ObjectMapper mapper) {
        this.cohort = cohort;
        this.timeline = timeline;
        this.deliveries = deliveries;
        this.feedback = feedback;
        this.mapper = mapper;
    }

    /** A figure at the top of the page; {@code key} names it for tests and for the matching API field. */
    public record Tile(String key, String label, long value, String href, boolean alert) {
    }

    /** One month of the DXA chart; {@code percent} is the bar's height relative to the busiest month. */
    public record Bar(String month, String label, String year, long count, int percent) {
    }

    public record Reason(String code, String display, long count) {
    }

    public record View(String asOf, int windowDays, String notice, List<Tile> tiles, List<Bar> dxaByMonth, long dxaTotal,
            CohortService.Page overdue, CohortService.Page dueSoon, DeliveryView.Page pending, DeliveryView.Page dead,
            long accepted, long overridden, List<Reason> reasons, Map<String, Long> outbox, Map<String, Long> dataGaps,
            List<Map<String, Object>> cdsCalls) {
    }

    @SuppressWarnings("unchecked")
    public View view(String window, String notice) {
        Map<String, Object> s = cohort.summary(window);
        int days = (int) s.get("windowDays");
        Map<String, Long> worklists = (Map<String, Long>) s.get("worklists");
        Map<String, Long> patients = (Map<String, Long>) s.get("patients");
        Map<String, Long> outbox = (Map<String, Long>) s.get("outbox");
        Map<String, Long> prompts = (Map<String, Long>) s.get("reviewPrompts");
        List<Tile> tiles = List.of(
                new Tile("activeEpisode", "Active AI episodes", patients.get("activeEpisode"), "#overdue", false),
                new Tile("overdue", "Overdue", worklists.get("overdue"), "#overdue", worklists.get("overdue") > 0),
                new Tile("due-soon", "Due in " + days + " days", worklists.get("due-soon"), "#due-soon", false),
                new Tile("no-baseline", "No baseline DXA", worklists.get("no-baseline"), "#overdue", worklists.get("no-baseline") > 0),
                new Tile("antiresorptive-indicated", "Antiresorptive indicated, not on one", worklists.get("antiresorptive-indicated"),
                        "#overdue", false),
                new Tile("review", "Review prompts open", prompts.values().stream().mapToLong(Long::longValue).sum(), "#overdue", false),
                new Tile("dead", "Dead deliveries", outbox.get("dead"), "#deliveries", outbox.get("dead") > 0));
        Map<String, Long> months = (Map<String, Long>) s.get("dxaDueByMonth");
        long max = Math.max(1, months.values().stream().mapToLong(Long::longValue).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        months.forEach((month, n) -> bars.add(new Bar(month, label(month), month.substring(2, 4), n, (int) Math.round(100.0 * n / max))));
        Map<String, Object> cds = (Map<String, Object>) s.get("cds");
        Map<String, Object> fb = mapper.convertValue(cds.get("feedback"), Map.class);
        List<Reason> reasons = ((List<Map<String, Object>>) fb.get("topOverrideReasons")).stream()
                .map(r -> new Reason((String) r.get("code"), (String) r.getOrDefault("display", r.get("code")),
                        ((Number) r.get("count")).longValue())).toList();
        return new View(s.get("asOf").toString(), days, notice == null || notice.isBlank() ? null : notice, tiles, bars,
                months.values().stream().mapToLong(Long::longValue).sum(),
                cohort.worklist("overdue", window, "due", "0", "50"), cohort.worklist("due-soon", window, "due", "0", "50"),
                deliveries.list("pending", "0", "20"), deliveries.list("dead", "0", "50"),
                ((Number) fb.get("accepted")).longValue(), ((Number) fb.get("overridden")).longValue(), reasons, outbox,
                (Map<String, Long>) s.get("dataGaps"), (List<Map<String, Object>>) cds.get("calls"));
    }

    private static String label(String month) {
        String[] names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        return names[Integer.parseInt(month.substring(5)) - 1];
    }

    /** A point of the T-score chart, in the chart's 0–100 coordinates. */
    public record Point(String date, String tScore, double x, double y) {
    }

    public record PatientView(String id, Map<String, Object> data, List<Point> trend, String polyline) {
    }

    @SuppressWarnings("unchecked")
    public PatientView patient(String id) {
        Map<String, Object> data = timeline.of(id);
        List<Map<String, Object>> trend = (List<Map<String, Object>>) data.get("tScoreTrend");
        List<Point> points = new ArrayList<>();
        // y axis: T-score from +1 (top) to -4 (bottom); x: exams spread evenly in date order
        for (int i = 0; i < trend.size(); i++) {
            BigDecimal t = (BigDecimal) trend.get(i).get("tScore");
            double x = trend.size() == 1 ? 50 : 8 + 84.0 * i / (trend.size() - 1);
            double y = Math.max(0, Math.min(100, (1 - t.doubleValue()) * 20));
            points.add(new Point(trend.get(i).get("date").toString(), t.setScale(1, RoundingMode.HALF_UP).toPlainString(), x, y));
        }
        String polyline = String.join(" ", points.stream().map(p -> p.x() + "," + p.y()).toList());
        return new PatientView(id, data, points, polyline);
    }

    /**
     * Where a dashboard form post came from. The page's own forms are same-origin; a post another site
     * makes the browser send (cross-site request forgery, riding on the user's sign-in) is refused.
     */
    public record Caller(boolean sameOrigin) {
        static Caller of(String fetchSite, String origin, String host) {
            if (fetchSite != null) {
                return new Caller(fetchSite.equals("same-origin") || fetchSite.equals("none"));
            }
            if (origin != null && host != null) {
                return new Caller(origin.replaceFirst("^https?://", "").equals(host));
            }
            return new Caller(true);
        }
    }

    private static void requireSameOrigin(Caller caller) {
        if (!caller.sameOrigin()) {
            throw new ApiProblem(403, "cross-site-request", "Cross-site request refused",
                    "dashboard actions are accepted from the dashboard's own pages only");
        }
    }

    public String retry(String id, Caller caller) {
        requireSameOrigin(caller);
        DeliveryView v = deliveries.retry(id);
        return "Delivery " + v.id() + " queued again";
    }

    public String discard(String id, Caller caller) {
        requireSameOrigin(caller);
        DeliveryView v = deliveries.discard(id, "discarded from the dashboard");
        return "Delivery " + v.id() + " discarded";
    }
}

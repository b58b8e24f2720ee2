package org.bonemonitor.ops;

import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import org.bonemonitor.writeback.DeliveryView;

/** The types the dashboard templates read, so Qute generates their value resolvers (no reflection). */
@TemplateData(target = DeliveryView.class)
@TemplateData(target = DeliveryView.Page.class)
@TemplateData(target = CohortService.Page.class)
@TemplateData(target = CohortRepository.Row.class)
@TemplateData(target = Dashboard.View.class)
@TemplateData(target = Dashboard.Tile.class)
@TemplateData(target = Dashboard.Bar.class)
@TemplateData(target = Dashboard.Reason.class)
@TemplateData(target = Dashboard.Point.class)
@TemplateData(target = Dashboard.PatientView.class)
final class TemplateTypes {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TemplateTypes() {
    }

    /** {@code {instant.utc}}: to the minute, in UTC, as people read it. */
    @TemplateExtension
    static String utc(Instant instant) {
        return MINUTES.format(instant);
    }

    /** {@code {list.joined}}: the items separated by commas, no brackets. */
    @TemplateExtension
    static String joined(Collection<?> items) {
        return String.join(", ", items.stream().map(String::valueOf).toList());
    }
}

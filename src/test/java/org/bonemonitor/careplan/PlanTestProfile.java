package org.bonemonitor.careplan;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The scenarios' evaluation date, a small operation limit and no retry wait: shared by every plan test (one start-up). */
public class PlanTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bone-monitor.plan.as-of", "2026-06-01",
                "bone-monitor.plan.operation-max-entries", "100",
                "bone-monitor.plan.retry-backoff", "0s");
    }
}

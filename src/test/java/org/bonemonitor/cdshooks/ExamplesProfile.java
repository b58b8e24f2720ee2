package org.bonemonitor.cdshooks;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The example bundles (examples/, dated 2026) evaluated as of 2026-12-01, after their last record. */
public class ExamplesProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bone-monitor.plan.as-of", "2026-12-01");
    }
}

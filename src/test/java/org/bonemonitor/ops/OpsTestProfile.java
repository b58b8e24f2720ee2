package org.bonemonitor.ops;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The ops tests' own schema in the test run's database: the summary, the worklists and "re-assess
 * everyone" count exactly what these tests post, and never plan another class's leftovers (one of
 * which is a Synthea-sized record). One start-up for every ops test class.
 */
public class OpsTestProfile implements QuarkusTestProfile {

    static final String SCHEMA = "bone_monitor_ops";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.flyway.schemas", SCHEMA,
                "quarkus.hibernate-orm.database.default-schema", SCHEMA,
                "quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", SCHEMA,
                "bone-monitor.plan.retry-backoff", "0s");
    }
}

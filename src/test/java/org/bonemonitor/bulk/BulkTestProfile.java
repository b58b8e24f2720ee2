package org.bonemonitor.bulk;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The back-fill pointed at an in-test Bulk Data server (one start-up for every bulk test). */
public class BulkTestProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeBulkServerResource.class));
    }
}

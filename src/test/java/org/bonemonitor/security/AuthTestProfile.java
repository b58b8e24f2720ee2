package org.bonemonitor.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Authentication on, against the in-test identity provider. */
public class AuthTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestIdp.class));
    }
}

package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** {@code auth-mode=none}: no Authorization header at all. */
@QuarkusTest
@TestProfile(WritebackProfiles.NoAuth.class)
class NoAuthWritebackTest extends WritebackTestBase {

    @Test
    void deliversWithoutAnAuthorizationHeader() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 2));

        assertThat(relay.runOnce().sent()).isEqualTo(1);

        assertThat(ehr.transactionRequests()).singleElement().satisfies(r -> assertThat(r.authorization()).isNull());
        assertThat(ehr.countWithIdentifier("CarePlan", "plan-" + patient)).isEqualTo(1);
        assertThat(ehr.count("ServiceRequest")).isEqualTo(2);
        assertThat(ehr.requests()).noneMatch(r -> r.path().startsWith("/auth") || r.path().contains("well-known"));
    }
}

package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** {@code auth-mode=bearer}: the static token from configuration, on every request. */
@QuarkusTest
@TestProfile(WritebackProfiles.Bearer.class)
class BearerWritebackTest extends WritebackTestBase {

    @Test
    void sendsTheStaticTokenTheEhrExpects() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));

        assertThat(relay.runOnce().sent()).isEqualTo(1);

        assertThat(ehr.transactionRequests()).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + FakeEhrResource.BEARER_TOKEN));
        assertThat(ehr.countWithIdentifier("CarePlan", "plan-" + patient)).isEqualTo(1);
    }

    @Test
    void a401CannotBeCuredByRefreshingAStaticTokenSoItIsRetriedLater() {
        String patient = newPatientId();
        enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        ehr.fault(FakeEhr.status(401));

        relay.runOnce();

        OutboxEntry row = onlyRowOf(patient);
        assertThat(row.status).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(row.lastStatus).isEqualTo(401);
        assertThat(ehr.transactionRequests()).as("no immediate re-send without a new token").hasSize(1);
        deliverAll();
        assertThat(ehr.countWithIdentifier("CarePlan", "plan-" + patient)).isEqualTo(1);
    }
}

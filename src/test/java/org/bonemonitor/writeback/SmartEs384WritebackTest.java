package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * {@code auth-mode=smart-backend} with an EC P-384 key (a JWK file) and a configured token endpoint:
 * the in-test token endpoint verifies the ES384 assertion (signature against the public key, kid,
 * iss = sub = client id, aud = token endpoint, exp, unused jti) before it issues a token.
 */
@QuarkusTest
@TestProfile(WritebackProfiles.SmartEs384.class)
class SmartEs384WritebackTest extends WritebackTestBase {

    @Test
    void signsTheClientAssertionWithEs384AndUsesTheConfiguredTokenEndpoint() {
        for (int i = 0; i < 3; i++) {
            String patient = newPatientId();
            enqueue(patient, Plans.newPlan(patient, "plan-" + patient, 1));
        }

        assertThat(relay.runOnce().sent()).isEqualTo(3);

        assertThat(ehr.assertionRejections()).isEmpty();
        assertThat(ehr.assertionAlgorithms()).containsExactly("ES384");
        assertThat(ehr.tokensIssued()).as("one token for all three deliveries").isEqualTo(1);
        assertThat(ehr.wellKnownRequests()).as("token endpoint configured, no discovery").isZero();
        assertThat(ehr.transactionRequests()).allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer tok-"));
        assertThat(ehr.count("CarePlan")).isEqualTo(3);
    }
}

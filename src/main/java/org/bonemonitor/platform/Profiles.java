package org.bonemonitor.platform;

import io.quarkus.runtime.configuration.ConfigUtils;
import java.util.List;

/** Which Quarkus profiles are active: only local development and the test suite may run without authentication. */
public final class Profiles {

    private static final List<String> MAY_RUN_WITHOUT_AUTH = List.of("dev", "test");

    private Profiles() {
    }

    /**
     * Refuses to start when {@code property} switches authentication off outside the dev and test
     * profiles: the packaged jar (profile prod, or any site profile) always authenticates.
     */
    public static void requireAuthOutsideDev(String property) {
        List<String> active = ConfigUtils.getProfiles();
        if (active.stream().noneMatch(MAY_RUN_WITHOUT_AUTH::contains)) {
            throw new IllegalStateException(property + "=false is only allowed in the dev profile (active: " + active
                    + "): a deployed service must authenticate every caller of patient data");
        }
    }
}

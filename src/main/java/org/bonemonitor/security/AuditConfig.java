package org.bonemonitor.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The audit trail, under {@code bone-monitor.audit}. */
@ConfigMapping(prefix = "bone-monitor.audit")
public interface AuditConfig {

    /** How long audit rows are kept (default six years, the HIPAA documentation retention); older ones are purged daily. */
    @WithDefault("P2190D")
    Duration retention();
}

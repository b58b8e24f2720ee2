package org.bonemonitor.writeback;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Fails start-up, naming every missing or wrong key, when write-back is enabled but not fully configured. */
@ApplicationScoped
public class WritebackStartup {

    private static final Logger LOG = Logger.getLogger(WritebackStartup.class);

    void check(@Observes StartupEvent event, WritebackConfig config, EhrClient ehr) {
        if (!config.enabled()) {
            LOG.info("write-back to the EHR is disabled (bone-monitor.writeback.enabled=false)");
            return;
        }
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Write-back is enabled (bone-monitor.writeback.enabled=true) but not "
                    + "configured: " + String.join("; ", problems) + ". See docs/writeback.md.");
        }
        try {
            ehr.init();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Write-back is enabled but cannot start: " + e.getMessage(), e);
        }
        LOG.infof("write-back to the EHR enabled: %s, auth-mode %s, polling every %s",
                config.ehrBaseUrl().orElseThrow(), config.authMode().name().toLowerCase().replace('_', '-'),
                config.pollInterval());
    }
}

package org.bonemonitor.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration as the environment sets it, and the start-up check's messages. */
class WritebackConfigTest {

    private static WritebackConfig fromEnvironment(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(WritebackConfig.class)
                .build();
        return config.getConfigMapping(WritebackConfig.class);
    }

    @Test
    void disabledByDefaultWithDocumentedDefaults() {
        WritebackConfig config = fromEnvironment(Map.of());
        assertThat(config.enabled()).isFalse();
        assertThat(config.authMode()).isEqualTo(WritebackConfig.AuthMode.NONE);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxAttempts()).isEqualTo(12);
        assertThat(config.workers()).isEqualTo(4);
        assertThat(config.sentRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.ehrBaseUrl()).isEmpty();
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void enabledWithoutTheEhrUrlNamesTheMissingVariable() {
        WritebackConfig config = fromEnvironment(Map.of("BONE_MONITOR_WRITEBACK_ENABLED", "true"));
        assertThat(config.problems()).containsExactly(
                "bone-monitor.writeback.ehr-base-url (BONE_MONITOR_WRITEBACK_EHR_BASE_URL) is not set");
    }

    @Test
    void smartBackendNeedsClientIdKeyIdAndKey() {
        WritebackConfig config = fromEnvironment(Map.of(
                "BONE_MONITOR_WRITEBACK_ENABLED", "true",
                "BONE_MONITOR_WRITEBACK_EHR_BASE_URL", "https://ehr.example.org/fhir",
                "BONE_MONITOR_WRITEBACK_AUTH_MODE", "smart-backend",
                "BONE_MONITOR_WRITEBACK_POLL_INTERVAL", "PT10S"));
        assertThat(config.authMode()).isEqualTo(WritebackConfig.AuthMode.SMART_BACKEND);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.problems()).containsExactly(
                "bone-monitor.writeback.smart.client-id (BONE_MONITOR_WRITEBACK_SMART_CLIENT_ID) is not set (auth-mode=smart-backend)",
                "bone-monitor.writeback.smart.key-id (BONE_MONITOR_WRITEBACK_SMART_KEY_ID) is not set (auth-mode=smart-backend)",
                "bone-monitor.writeback.smart.private-key (BONE_MONITOR_WRITEBACK_SMART_PRIVATE_KEY) is not set or "
                        + "bone-monitor.writeback.smart.private-key-file (BONE_MONITOR_WRITEBACK_SMART_PRIVATE_KEY_FILE) "
                        + "is not set (auth-mode=smart-backend)");
    }

    @Test
    void smartBackendFullyConfiguredFromTheEnvironment() {
        WritebackConfig config = fromEnvironment(Map.of(
                "BONE_MONITOR_WRITEBACK_ENABLED", "true",
                "BONE_MONITOR_WRITEBACK_EHR_BASE_URL", "https://ehr.example.org/fhir",
                "BONE_MONITOR_WRITEBACK_AUTH_MODE", "smart-backend",
                "BONE_MONITOR_WRITEBACK_SMART_CLIENT_ID", "bone-monitor",
                "BONE_MONITOR_WRITEBACK_SMART_KEY_ID", "key-1",
                "BONE_MONITOR_WRITEBACK_SMART_PRIVATE_KEY_FILE", "/var/run/secrets/smart/key.pem",
                "BONE_MONITOR_WRITEBACK_SMART_TOKEN_ENDPOINT", "https://ehr.example.org/oauth2/token"));
        assertThat(config.problems()).isEmpty();
        assertThat(config.smart().clientId()).contains("bone-monitor");
        assertThat(config.smart().tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void startUpFailsNamingWhatIsMissing() {
        WritebackConfig config = fromEnvironment(Map.of("BONE_MONITOR_WRITEBACK_ENABLED", "true",
                "BONE_MONITOR_WRITEBACK_AUTH_MODE", "bearer"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WritebackStartup().check(null, config, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Write-back is enabled (bone-monitor.writeback.enabled=true) but not configured: ")
                .hasMessageContaining("BONE_MONITOR_WRITEBACK_EHR_BASE_URL")
                .hasMessageContaining("BONE_MONITOR_WRITEBACK_BEARER_TOKEN");
    }

    @Test
    void bearerNeedsItsTokenAndUrlsMustBeHttp() {
        WritebackConfig config = fromEnvironment(Map.of(
                "BONE_MONITOR_WRITEBACK_ENABLED", "true",
                "BONE_MONITOR_WRITEBACK_EHR_BASE_URL", "ehr.example.org/fhir",
                "BONE_MONITOR_WRITEBACK_AUTH_MODE", "bearer"));
        assertThat(config.problems()).containsExactly(
                "bone-monitor.writeback.ehr-base-url must be an absolute http(s) URL",
                "bone-monitor.writeback.bearer-token (BONE_MONITOR_WRITEBACK_BEARER_TOKEN) is not set (auth-mode=bearer)");
    }
}

package org.bonemonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Renders and lints {@code helm/bone-monitor} (a native Helm through helm-java, offline) with its
 * defaults and with a production-like values file. That the rendered environment is enough for
 * {@code %prod} to start is proven by {@code PackagedJarIT}, which starts the packaged jar with it.
 */
class HelmChartTest {

    /** Secret keys the chart documents (values.yaml, README "Deploy"). */
    static final Map<String, String> SECRET = Map.of(
            "db-username", "bone", "db-password", "pw",
            "writeback-bearer-token", "t", "writeback-smart-private-key", "k");

    @Test
    void lintsStrictlyWithItsDefaults() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lintsStrictlyWithTheProductionValues() throws IOException {
        // helm lint reads the chart's own values.yaml: lint a copy whose values are the defaults
        // overlaid with the production file
        Path copy = Files.createTempDirectory("chart");
        copyTree(Chart.DIR, copy);
        Files.writeString(copy.resolve("values.yaml"), mergedValues());
        LintResult lint = new Helm(copy).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderADeploymentWithItsServiceAccountServiceConfigMapAndBudget() {
        Chart.Rendered r = Chart.render();
        assertThat(r.objects()).extracting(o -> o.path("kind").asText())
                .contains("Deployment", "Service", "ConfigMap", "ServiceAccount", "PodDisruptionBudget")
                .doesNotContain("HorizontalPodAutoscaler", "Ingress", "ServiceMonitor", "NetworkPolicy", "Secret");
        JsonNode deployment = r.one("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(r.one("ServiceAccount").at("/metadata/name").asText());
        assertThat(r.one("Service").at("/spec/selector"))
                .isEqualTo(deployment.at("/spec/selector/matchLabels"))
                .isEqualTo(r.one("PodDisruptionBudget").at("/spec/selector/matchLabels"));
        assertThat(r.one("Service").at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    }

    @Test
    void probesAndPortAreTheApplicationsOwn() throws IOException {
        Properties app = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        // Quarkus's health endpoints live at /q/health/* unless the root paths are moved
        assertThat(app.stringPropertyNames()).noneMatch(k -> k.startsWith("quarkus.smallrye-health.")
                || k.equals("quarkus.http.non-application-root-path") || k.equals("quarkus.http.root-path"));
        String port = app.getProperty("quarkus.http.port");
        String exposed = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(l -> l.startsWith("EXPOSE ")).findFirst().orElseThrow().substring("EXPOSE ".length()).trim();

        for (Chart.Rendered r : List.of(Chart.render(), Chart.render(Chart.PRODUCTION_VALUES))) {
            JsonNode c = r.container();
            assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
            assertThat(c.at("/ports/0/containerPort").asText()).isEqualTo(port).isEqualTo(exposed);
            assertThat(r.environment(SECRET)).containsEntry("QUARKUS_HTTP_PORT", port);
            assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(List.of(c.at("/startupProbe/httpGet/port").asText(), c.at("/readinessProbe/httpGet/port").asText(),
                    c.at("/livenessProbe/httpGet/port").asText())).containsOnly("http");
        }
        // the helm test pod checks readiness through the Service (hooks are not in helm-java's rendering)
        String testPod = Files.readString(Chart.DIR.resolve("templates/tests/test-health.yaml"));
        assertThat(testPod).contains("helm.sh/hook: test")
                .contains("http://{{ include \"bone-monitor.fullname\" . }}:{{ .Values.service.port }}/q/health/ready");
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithoutCapabilities() {
        for (Chart.Rendered r : List.of(Chart.render(), Chart.render(Chart.PRODUCTION_VALUES))) {
            JsonNode pod = r.one("Deployment").at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
            JsonNode c = r.container();
            assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(c.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
            assertThat(pod.at("/volumes/0/name").asText()).isEqualTo(c.at("/volumeMounts/0/name").asText());
            assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
            assertThat(c.at("/resources/limits/memory").isMissingNode()).isFalse();
        }
    }

    @Test
    void productionValuesProvideEverySettingProdRequiresFromTheConfigMapAndTheExistingSecret() {
        Chart.Rendered r = Chart.render(Chart.PRODUCTION_VALUES);
        Map<String, String> env = r.environment(SECRET);
        assertThat(env).containsEntry("QUARKUS_DATASOURCE_JDBC_URL",
                        "jdbc:postgresql://db.example.org:5432/bone_monitor?sslmode=verify-full")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "bone")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "pw")
                .containsEntry("BONE_MONITOR_AUTH_ENABLED", "true")
                .containsEntry("MP_JWT_VERIFY_ISSUER", "https://idp.example.org/realms/hospital")
                .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                        "https://idp.example.org/realms/hospital/protocol/openid-connect/certs")
                .containsEntry("BONE_MONITOR_AUTH_AUDIENCE", "bone-monitor")
                .containsEntry("BONE_MONITOR_WRITEBACK_ENABLED", "true")
                .containsEntry("BONE_MONITOR_WRITEBACK_EHR_BASE_URL", "https://ehr.example.org/fhir/R4")
                .containsEntry("BONE_MONITOR_WRITEBACK_AUTH_MODE", "smart-backend")
                .containsEntry("BONE_MONITOR_WRITEBACK_SMART_CLIENT_ID", "bone-monitor")
                .containsEntry("BONE_MONITOR_WRITEBACK_SMART_KEY_ID", "bone-monitor-2026")
                .containsEntry("BONE_MONITOR_WRITEBACK_SMART_PRIVATE_KEY", "k")
                .containsEntry("BONE_MONITOR_CDS_HOOKS_AUTH_PUBLIC_BASE_URL", "https://bone.example.org")
                .containsEntry("BONE_MONITOR_CDS_HOOKS_ISSUERS_0__ISS", "https://ehr.example.org")
                .containsEntry("BONE_MONITOR_CDS_HOOKS_ISSUERS_0__JWKS_URL", "https://ehr.example.org/.well-known/jwks.json")
                .containsEntry("BONE_MONITOR_PLAN_BATCH_SIZE", "50");
        // credentials only ever come from the existing Secret: none in the ConfigMap, no Secret rendered
        JsonNode cm = r.one("ConfigMap").path("data");
        assertThat(iterable(cm.fieldNames())).noneMatch(k -> k.contains("PASSWORD") || k.contains("PRIVATE_KEY")
                || k.contains("TOKEN") && !k.endsWith("TOKEN_ENDPOINT") || k.contains("USERNAME"));
        assertThat(r.ofKind("Secret")).isEmpty();
        assertThat(r.container().path("env").findValues("secretKeyRef")).allSatisfy(
                ref -> assertThat(ref.path("name").asText()).isEqualTo("bone-monitor-credentials"));
    }

    @Test
    void productionValuesAutoscaleAndAddIngressMetricsAndANetworkPolicyToDatabaseEhrAndIdpOnly() {
        Chart.Rendered r = Chart.render(Chart.PRODUCTION_VALUES);
        String name = r.one("Deployment").at("/metadata/name").asText();
        assertThat(r.one("Deployment").at("/spec/replicas").isMissingNode()).as("the HPA owns replicas").isTrue();
        JsonNode hpa = r.one("HorizontalPodAutoscaler");
        assertThat(hpa.at("/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name);
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(8);

        JsonNode ingress = r.one("Ingress");
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("bone.example.org");
        assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo(name);
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("bone-monitor-tls");

        JsonNode monitor = r.one("ServiceMonitor");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");

        JsonNode policy = r.one("NetworkPolicy");
        assertThat(policy.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
        assertThat(policy.at("/spec/ingress/0/from").size()).isEqualTo(2);
        JsonNode egress = policy.at("/spec/egress");
        assertThat(egress.size()).as("DNS, database, EHR, IdP").isEqualTo(4);
        assertThat(egress.get(0).path("to").isMissingNode()).isTrue();
        assertThat(egress.get(0).path("ports").findValuesAsText("port")).containsOnly("53");
        assertThat(List.of(egress.get(1), egress.get(2), egress.get(3)))
                .extracting(e -> e.at("/to/0/ipBlock/cidr").asText() + ":" + e.at("/ports/0/port").asText())
                .containsExactly("10.20.0.0/24:5432", "10.30.0.0/16:443", "10.40.1.0/24:443");
    }

    @Test
    void aConfigurationChangeRollsThePods() {
        String before = Chart.render().one("Deployment").at("/spec/template/metadata/annotations/checksum~1config").asText();
        String after = Chart.render(List.of(), Map.of("config.BONE_MONITOR_PLAN_BATCH_SIZE", "40"))
                .one("Deployment").at("/spec/template/metadata/annotations/checksum~1config").asText();
        assertThat(before).hasSize(64).isNotEqualTo(after);
    }

    @Test
    void theSchemaRefusesABadValuesFileNamingEachMistake() {
        assertThatThrownBy(() -> Chart.render(Chart.BAD_VALUES))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicaCount")
                .hasMessageContaining("pullPolicy")
                .hasMessageContaining("database")
                .hasMessageContaining("mode")
                .hasMessageContaining("telemetry");
    }

    @Test
    void writebackWithoutAnEhrUrlIsRefusedAtRenderTime() {
        assertThatThrownBy(() -> Chart.render(List.of(), Map.of("writeback.enabled", "true")))
                .hasMessageContaining("ehrBaseUrl");
    }

    /** The defaults overlaid with the production file, as helm merges them (maps deeply, lists replaced). */
    private static String mergedValues() throws IOException {
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        JsonNode defaults = yaml.readTree(Chart.DIR.resolve("values.yaml").toFile());
        JsonNode production = yaml.readTree(Chart.PRODUCTION_VALUES.toFile());
        return yaml.writeValueAsString(merge(defaults, production));
    }

    private static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!base.isObject() || !overlay.isObject()) {
            return overlay;
        }
        var merged = ((com.fasterxml.jackson.databind.node.ObjectNode) base).deepCopy();
        overlay.fields().forEachRemaining(e -> merged.set(e.getKey(),
                merged.has(e.getKey()) ? merge(merged.get(e.getKey()), e.getValue()) : e.getValue()));
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}

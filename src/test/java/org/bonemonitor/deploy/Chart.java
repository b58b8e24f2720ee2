package org.bonemonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Helm chart {@code helm/bone-monitor}, rendered offline with helm-java into Kubernetes objects. */
final class Chart {

    static final Path DIR = Path.of("helm", "bone-monitor");
    static final Path PRODUCTION_VALUES = DIR.resolve("ci/production-values.yaml");
    static final Path BAD_VALUES = DIR.resolve("ci/bad-values.yaml");

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The rendered objects of one release. */
    record Rendered(List<JsonNode> objects) {

        List<JsonNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        Optional<JsonNode> find(String kind) {
            List<JsonNode> found = ofKind(kind);
            if (found.size() > 1) {
                throw new IllegalStateException("more than one " + kind);
            }
            return found.stream().findFirst();
        }

        JsonNode one(String kind) {
            return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
        }

        JsonNode container() {
            return one("Deployment").at("/spec/template/spec/containers/0");
        }

        /**
         * The container's environment as Kubernetes would build it: the ConfigMap's data (envFrom), then
         * the env entries; a secretKeyRef is resolved from {@code secret} (key → value), and must be found there.
         */
        Map<String, String> environment(Map<String, String> secret) {
            Map<String, String> env = new LinkedHashMap<>();
            String configMap = container().at("/envFrom/0/configMapRef/name").asText();
            JsonNode cm = ofKind("ConfigMap").stream()
                    .filter(o -> configMap.equals(o.at("/metadata/name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("envFrom names ConfigMap " + configMap + ", not rendered"));
            cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            for (JsonNode entry : container().path("env")) {
                JsonNode ref = entry.at("/valueFrom/secretKeyRef");
                if (ref.isMissingNode()) {
                    env.put(entry.path("name").asText(), entry.path("value").asText());
                } else {
                    String key = ref.path("key").asText();
                    if (!secret.containsKey(key)) {
                        throw new AssertionError(entry.path("name").asText() + " reads Secret key " + key + ", not provided");
                    }
                    env.put(entry.path("name").asText(), secret.get(key));
                }
            }
            return env;
        }
    }

    private Chart() {
    }

    /** Renders the chart with its defaults, then each values file in turn, then the --set pairs. */
    static Rendered render(List<Path> valuesFiles, Map<String, Object> set) {
        TemplateCommand template = new Helm(DIR).template().withName("bm").withNamespace("clinical")
                .withKubeVersion("1.30.0");
        valuesFiles.forEach(template::withValuesFile);
        set.forEach(template::set);
        return parse(template.call());
    }

    static Rendered render(Path... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    static Rendered parse(String manifests) {
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(manifests)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && node.isObject() && ((ObjectNode) node).has("kind")) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(objects);
    }
}

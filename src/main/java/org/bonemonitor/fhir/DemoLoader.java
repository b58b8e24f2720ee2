package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bonemonitor.careplan.PlanWorker;
import org.bonemonitor.record.ResourceStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.jboss.logging.Logger;

/**
 * A first look for a newcomer: with {@code bone-monitor.demo.load-examples} (on in {@code %dev}),
 * the README's example bundles (packaged under {@code demo/}) are posted through the normal
 * transaction path at first start — when the store holds no Patient yet — and planned at once.
 */
@ApplicationScoped
public class DemoLoader {

    private static final Logger LOG = Logger.getLogger(DemoLoader.class);
    static final String FOLDER = "demo";

    @ConfigProperty(name = "bone-monitor.demo.load-examples", defaultValue = "false")
    boolean enabled;
    @Inject
    FhirContext fhir;
    @Inject
    ResourceStore store;
    @Inject
    IngestService ingest;
    @Inject
    PlanWorker worker;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            load();
        }
    }

    /** Loads the examples unless a Patient is stored; returns how many bundles were posted. */
    public int load() {
        if (store.search(new org.bonemonitor.record.SearchCriteria("Patient"), 0, 0).total() > 0) {
            return 0;
        }
        List<String> bundles = exampleBundles();
        for (String json : bundles) {
            ingest.transaction((Bundle) fhir.newJsonParser().parseResource(json), null, List.of());
        }
        int planned = worker.drain();
        LOG.infof("Demo data: loaded %d example bundles from the classpath folder '%s', %d patients planned", bundles.size(),
                FOLDER, planned);
        return bundles.size();
    }

    /** The JSON files of the classpath folder {@code demo/}, by name. */
    static List<String> exampleBundles() {
        URL url = Thread.currentThread().getContextClassLoader().getResource(FOLDER);
        if (url == null) {
            LOG.warnf("Demo data: no classpath folder '%s' (examples/ is packaged there by the pom)", FOLDER);
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(fs.getPath(FOLDER));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> read(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}

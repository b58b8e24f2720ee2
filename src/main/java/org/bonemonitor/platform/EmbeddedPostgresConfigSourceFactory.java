package org.bonemonitor.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Starts an embedded PostgreSQL (the production engine) for the local run and the tests, so that
 * neither needs any database set-up. Active only when {@code bone-monitor.embedded-db.enabled} is
 * true (dev and test profiles) and no {@code quarkus.datasource.jdbc.url} is configured: setting
 * {@code QUARKUS_DATASOURCE_JDBC_URL} points the service at an external server instead. The production
 * build ({@code mvn package -Pprod}) leaves the embedded server out; there this factory only says so.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    /** The server outlives Quarkus dev-mode restarts, which reload this class: keep its URL JVM-wide. */
    private static final String URL_PROPERTY = "bone-monitor.embedded-db.started-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!Boolean.parseBoolean(valueOf(context, "bone-monitor.embedded-db.enabled", "false"))
                || valueOf(context, "quarkus.datasource.jdbc.url", null) != null) {
            return List.of();
        }
        if (!embeddedServerPackaged()) {
            throw new IllegalStateException("bone-monitor.embedded-db.enabled is true but this build has no embedded "
                    + "PostgreSQL (it was packaged with -Pprod): set QUARKUS_DATASOURCE_JDBC_URL to a PostgreSQL server");
        }
        String url = startOnce(valueOf(context, "bone-monitor.embedded-db.data-dir", null),
                Integer.parseInt(valueOf(context, "bone-monitor.embedded-db.port", "0")));
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"), "embedded-postgresql", 275));
    }

    private static boolean embeddedServerPackaged() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false,
                    EmbeddedPostgresConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static synchronized String startOnce(String dataDir, int port) {
        String running = System.getProperty(URL_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on");
            if (dataDir != null) {
                Path dir = Path.of(dataDir).toAbsolutePath();
                Files.createDirectories(dir);
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg)));
            String url = pg.getJdbcUrl("postgres", "postgres");
            System.setProperty(URL_PROPERTY, url);
            LOG.warnf("LOCAL DATABASE: started an embedded PostgreSQL on port %d%s. Not for production; "
                    + "set QUARKUS_DATASOURCE_JDBC_URL to use a real server.", pg.getPort(),
                    dataDir == null ? " (throw-away data)" : " with data kept under " + dataDir);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static String valueOf(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            LOG.debug("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}

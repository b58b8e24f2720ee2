package org.bonemonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged fast-jar ({@code target/quarkus-app/quarkus-run.jar}) run as its own process, as the
 * container runs it: the given environment only (no -D options, no profile flag, hence {@code %prod}),
 * on a free port, its output in {@code target/it-logs/<name>.log}.
 */
final class PackagedApp implements AutoCloseable {

    static final Path APP_DIR = Path.of(System.getProperty("bone-monitor.app-dir", "target/quarkus-app"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private PackagedApp(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar with this environment (QUARKUS_HTTP_PORT is replaced by a free port). */
    static PackagedApp start(String name, Map<String, String> environment) {
        try {
            int port = freePort();
            Path log = Path.of("target", "it-logs", name + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", APP_DIR.resolve("quarkus-run.jar").toString());
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            // a suite run under faketime (the clock check of docs/clinical-notes.md): the jar sees the
            // test's clock, else the tokens the test signs would be dated in the jar's future
            System.getenv().forEach((key, value) -> {
                if (key.equals("LD_PRELOAD") || key.startsWith("FAKETIME")) {
                    pb.environment().put(key, value);
                }
            });
            pb.environment().putAll(environment);
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            return new PackagedApp(name, port, log, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until GET path answers 200 (the startup probe's view), failing early if the process dies. */
    PackagedApp awaitStatus200(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (get(path).statusCode() == 200) {
                    return this;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            sleep(250);
        }
        throw new AssertionError(name + " did not answer 200 on " + path + " within " + timeout + ":\n" + logTail());
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful end of requests or transactions (a crashed pod). */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Waits for the process to end by itself; its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + timeout + ":\n" + logTail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logTail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as Kubernetes stops a pod. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            waitFor();
            if (process.isAlive()) {
                kill();
            }
        }
    }
}

package sns.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One SNS jar running as a real operating-system process, killed and paused with real signals. */
public final class NodeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final List<String> args;
    private final Map<String, String> environment;
    private final Path log;
    private final String host;
    final int grpcPort;
    final int httpPort;
    private Process process;

    NodeProcess(String name, Path jar, int grpcPort, int httpPort, Path workDir, Map<String, String> environment,
                List<String> args) {
        this(name, jar, "127.0.0.1", grpcPort, httpPort, workDir, environment, args);
    }

    /** A node whose gRPC and HTTP servers listen on the given loopback address only. */
    NodeProcess(String name, Path jar, String host, int grpcPort, int httpPort, Path workDir,
                Map<String, String> environment, List<String> args) {
        this.name = name;
        this.host = host;
        this.jar = jar;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.args = args;
        this.environment = environment;
        this.log = workDir.resolve(name + ".log");
    }

    public NodeProcess start() {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--grpc.server.port=" + grpcPort, "--grpc.server.address=" + host, "--server.port=" + httpPort,
                "--server.address=" + host));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until the actuator says the node is ready (registered, caught up). */
    public NodeProcess awaitReady() {
        return awaitReady(Duration.ofSeconds(60));
    }

    /** Waits as long as given (a loaded machine starts several JVMs at once slowly). */
    public NodeProcess awaitReady(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited; see " + log);
                    }
                    return httpStatus("/actuator/health/readiness") == 200;
                });
        return this;
    }

    public int httpStatus(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of a GET of one of the node's HTTP paths (actuator). */
    String httpGet(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " of " + name + ": " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a GET on the node's actuator port, or empty when it does not answer. */
    String httpBody(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    public String address() {
        return host + ":" + grpcPort;
    }

    public String host() {
        return host;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the node has logged so far (across restarts: the log is appended to). */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill9() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** SIGTERM, as `./sns stop` and Kubernetes send it; returns once the process has exited, with its exit code. */
    public int terminate() {
        signal("TERM");
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            resume();
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}

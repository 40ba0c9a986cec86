package sns.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built shell client as a process: one command and its exit status, or a session fed line by line. */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;
    private final List<Thread> pumps = new ArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pumps.add(pump(process.getInputStream(), stdout));
        pumps.add(pump(process.getErrorStream(), stderr));
    }

    /** Runs one command non-interactively and waits for it to finish. */
    static Result run(String coordinator, Path sessionFile, String... command) {
        try (CliProcess cli = start(coordinator, sessionFile, command)) {
            cli.stdin.close();
            if (!cli.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("sns-cli " + String.join(" ", command) + " did not finish");
            }
            for (Thread pump : cli.pumps) {
                pump.join(5_000);
            }
            return cli.result();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the interactive shell (no command arguments) with standard input to be typed into. */
    static CliProcess interactive(String coordinator, Path sessionFile) {
        return start(coordinator, sessionFile);
    }

    private static CliProcess start(String coordinator, Path sessionFile, String... command) {
        List<String> line = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-Dsns.coordinator.address=" + coordinator,
                "-Dsns.client.session-file=" + sessionFile,
                "-Dsns.client.retry-deadline=10s",
                "-jar", System.getProperty("sns.cli.jar")));
        line.addAll(List.of(command));
        try {
            return new CliProcess(new ProcessBuilder(line).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void type(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitOutput(String text, Duration within) {
        await().atMost(within).until(() -> stdout.toString().contains(text));
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Result result() {
        return new Result(process.exitValue(), stdout.toString(), stderr.toString());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Thread pump(InputStream from, StringBuffer into) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** How one command ended. */
    record Result(int exitCode, String stdout, String stderr) {}
}

package sns.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's front door: ./sns up, a scripted client session through ./sns cli, status, down. */
class LauncherTest {

    @TempDir
    Path home;

    @AfterEach
    void down() {
        sns("down");
    }

    @Test
    void upCliStatusDownLeaveNoProcessBehind() throws IOException {
        Outcome up = sns("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("coordinator", "c1-s1", "c1-s2", "c2-s1", "c2-s2", "MASTER");
        assertThat(sns("up").exitCode()).as("up twice is harmless").isZero();

        Path script = home.resolve("session.txt");
        Files.writeString(script, String.join("\n", "register fay", "register gus", "login fay", "follow gus",
                "list", "whoami", "coord ls /clusters") + "\n");
        Outcome session = sns("cli", "@" + script);
        assertThat(session.exitCode()).as(session.output()).isZero();
        assertThat(session.output()).contains("registered fay", "registered gus", "following gus",
                "following: gus", "user   fay");

        Outcome status = sns("status");
        assertThat(status.output()).contains("CLUSTER", "yes").containsPattern("c\\d-s\\d +\\d+ +localhost:\\d+ +MASTER");
        List<Long> pids = pids();
        assertThat(pids).hasSize(5);

        assertThat(sns("down").exitCode()).isZero();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).as("pid %d", pid).isFalse());
        assertThat(sns("frobnicate").exitCode()).isEqualTo(2);
    }

    private List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("run"))) {
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).strip()));
            }
        }
        return pids;
    }

    private Outcome sns(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", repoRoot().resolve("sns").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("SNS_HOME", home.toString());
        env.put("SNS_PASSWORD", "launcher-password");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./sns " + String.join(" ", args) + " did not finish");
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repoRoot() {
        return Path.of(System.getProperty("sns.repo.root", "..")).toAbsolutePath().normalize();
    }

    private record Outcome(int exitCode, String output) {}
}

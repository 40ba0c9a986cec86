package sns.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An external program (kubectl, promtool, docker-compose) run to completion, its output kept. */
record Command(int exitCode, String output) {

    static Command run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    static Command run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path output = Files.createTempFile("sns-command", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.file(".").toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Command(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Command requireSuccess(String what) {
        if (exitCode != 0) {
            throw new AssertionError(what + " exited with " + exitCode + ":\n" + output);
        }
        return this;
    }
}

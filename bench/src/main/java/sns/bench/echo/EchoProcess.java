package sns.bench.echo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link EchoServer} as a separate JVM with this JVM's class path and reads its port. */
public final class EchoProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private EchoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static EchoProcess start(boolean direct) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath));
        if (classPath.endsWith("-exec.jar") && !classPath.contains(File.pathSeparator)) {
            // a Spring Boot executable jar: its classes are nested, its launcher picks the main class
            command.add("-Dloader.main=" + EchoServer.class.getName());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add(EchoServer.class.getName());
        }
        command.add(direct ? "direct" : "default");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(EchoServer.READY)) {
                return new EchoProcess(process, Integer.parseInt(line.substring(EchoServer.READY.length()).trim()));
            }
        }
        process.destroyForcibly();
        throw new IOException("echo server exited before it listened: " + command);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

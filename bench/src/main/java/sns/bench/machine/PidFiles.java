package sns.bench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The pids of the nodes ./sns started: it keeps one file per node, $SNS_HOME/run/NODE.pid. */
public final class PidFiles {

    private PidFiles() {
    }

    public static Map<String, Long> read(Path snsHome) throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        Path run = snsHome.resolve("run");
        if (!Files.isDirectory(run)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(run)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                String node = file.getFileName().toString().replaceFirst("\\.pid$", "");
                pids.put(node, Long.parseLong(Files.readString(file).trim()));
            }
        }
        return pids;
    }
}

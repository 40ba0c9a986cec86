package sns.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary table of every fault run in this JVM: rewritten to {@code faults.md} after each run
 * (so an interrupted suite still leaves one) and printed by each test class when it ends.
 */
final class FaultTable {

    private static final String HEADER = """
            | nemesis | ops ok | failed | unknown | lost | duplicated | phantom | stale acks | convergence | unavailability |
            |---|---|---|---|---|---|---|---|---|---|
            """;
    private static final List<String> ROWS = new ArrayList<>();

    private FaultTable() {}

    static synchronized void add(String nemesis, Verdict verdict, long convergenceMillis) {
        ROWS.add("| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |".formatted(nemesis, verdict.ok(), verdict.failed(),
                verdict.unknown(), verdict.lost().size(), verdict.duplicated().size(), verdict.phantom().size(),
                verdict.staleAcks().size(), millis(convergenceMillis), millis(verdict.longestUnavailableMillis())));
        write();
    }

    static synchronized String markdown() {
        return HEADER + String.join("\n", ROWS) + "\n";
    }

    static void print() {
        System.out.println("\nFaults under load (" + file() + "):\n" + markdown());
    }

    private static void write() {
        try {
            Files.createDirectories(file().toAbsolutePath().getParent());
            Files.writeString(file(), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file() {
        return Path.of(System.getProperty("sns.faults.table", "target/faults.md"));
    }

    private static String millis(long millis) {
        return millis < 0 ? "-" : millis + " ms";
    }
}

package sns.bench.machine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CPU time and RSS of named processes (the system's nodes, the bench itself, the echo
 * server) from /proc, before and after a phase. Clock ticks are converted with USER_HZ, which is
 * 100 on Linux for every architecture the JDK runs on.
 */
public final class ProcessSampler {

    public static final double TICKS_PER_SECOND = 100.0;

    private final Path proc;
    private final Map<String, Long> pids;

    public ProcessSampler(Path proc, Map<String, Long> pids) {
        this.proc = proc;
        this.pids = new LinkedHashMap<>(pids);
    }

    /** CPU ticks per process now; a process that has gone is absent. */
    public Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> read(pid, "stat").ifPresent(stat -> ticks.put(name, ProcStat.cpuTicks(stat))));
        return ticks;
    }

    /** VmRSS per process now, in MB; a process that has gone is absent. */
    public Map<String, Double> rssMegabytes() {
        Map<String, Double> rss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> read(pid, "status")
                .ifPresent(status -> rss.put(name, ProcStat.rssKilobytes(status) / 1024.0)));
        return rss;
    }

    /** Machine-wide [busy, total] CPU ticks. */
    public long[] machineTicks() {
        return ProcStat.machineTicks(read("stat"));
    }

    /** Usage between two {@link #cpuTicks()} samples, per post acknowledged in between; RSS as of now. */
    public List<ProcessUsage> usage(Map<String, Long> before, Map<String, Long> after, long acknowledgedPosts) {
        List<ProcessUsage> usage = new ArrayList<>();
        pids.forEach((name, pid) -> {
            if (!before.containsKey(name) || !after.containsKey(name)) {
                return;
            }
            double cpuSeconds = (after.get(name) - before.get(name)) / TICKS_PER_SECOND;
            double perPost = acknowledgedPosts > 0 ? cpuSeconds * 1000 / acknowledgedPosts : 0;
            long rss = read(pid, "status").map(ProcStat::rssKilobytes).orElse(0L);
            usage.add(new ProcessUsage(name, pid, cpuSeconds, perPost, rss / 1024.0));
        });
        return usage;
    }

    private Optional<String> read(long pid, String file) {
        try {
            return Optional.of(Files.readString(proc.resolve(Long.toString(pid)).resolve(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(proc.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

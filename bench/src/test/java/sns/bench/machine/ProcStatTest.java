package sns.bench.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

    // a command name with a space and a parenthesis, as a thread may name itself
    private static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 5000 0 3 0 1234 567 0 0 "
            + "20 0 42 0 99999 6000000000 70000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0";

    @Test
    void cpuTicksAreUserPlusSystemCountedAfterTheLastParenthesis() {
        assertThat(ProcStat.cpuTicks(STAT)).isEqualTo(1234 + 567);
    }

    @Test
    void rssComesFromVmRss() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  262144 kB\nRssAnon:\t 1000 kB\n";

        assertThat(ProcStat.rssKilobytes(status)).isEqualTo(262_144);
        assertThat(ProcStat.rssKilobytes("Name:\tzombie\n")).isZero();
    }

    @Test
    void machineBusyExcludesIdleAndIowait() {
        String stat = "cpu  100 5 50 1000 20 3 2 1 7 0\ncpu0 50 2 25 500 10 1 1 0 0 0\nintr 1\n";

        long[] ticks = ProcStat.machineTicks(stat);

        assertThat(ticks[0]).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
        assertThat(ticks[1]).isEqualTo(100 + 5 + 50 + 1000 + 20 + 3 + 2 + 1);
        assertThat(ProcStat.memTotalKilobytes("MemTotal:       24555555 kB\nMemFree: 1 kB\n")).isEqualTo(24_555_555);
    }

    @Test
    void samplerReportsCpuSecondsPerPostAndRssOfNamedProcessesAndSkipsGoneOnes(@TempDir Path proc)
            throws Exception {
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/stat"), STAT);
        Files.writeString(proc.resolve("4242/status"), "VmRSS:\t 204800 kB\n");
        ProcessSampler sampler = new ProcessSampler(proc, Map.of("c1-s1", 4242L, "gone", 999L));

        Map<String, Long> before = sampler.cpuTicks();
        Files.writeString(proc.resolve("4242/stat"), STAT.replace(" 1234 567 ", " 1434 667 "));
        List<ProcessUsage> usage = sampler.usage(before, sampler.cpuTicks(), 1_000);

        assertThat(before).containsOnlyKeys("c1-s1");
        assertThat(usage).containsExactly(new ProcessUsage("c1-s1", 4242, 3.0, 3.0, 200.0));
    }

    @Test
    void pidFilesAreReadFromTheLaunchersRunDirectory(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/coordinator.pid"), "123\n");
        Files.writeString(home.resolve("run/c2-s1.pid"), "456\n");
        Files.writeString(home.resolve("run/notes.txt"), "x");

        assertThat(PidFiles.read(home)).containsExactly(Map.entry("c2-s1", 456L), Map.entry("coordinator", 123L));
        assertThat(PidFiles.read(home.resolve("missing"))).isEmpty();
    }

    @Test
    void fsyncProbeTimesEverySyncedWriteAndLeavesNoFile(@TempDir Path dir) throws Exception {
        var latency = FsyncProbe.measure(dir, 20, 4096);

        assertThat(latency.getTotalCount()).isEqualTo(20);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}

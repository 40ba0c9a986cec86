package sns.bench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/** What the run ran on, printed at the top of the report. */
public record Machine(int cores, double memoryGigabytes, String jdk, String os, String fsyncDirectory,
                      int fsyncCount, double fsyncP50Millis, double fsyncP99Millis, double loadAverageAtStart) {

    public static Machine describe(Path dataDirectory) throws IOException {
        Histogram fsync = FsyncProbe.measure(dataDirectory, 200, 4096);
        long memKb = ProcStat.memTotalKilobytes(Files.readString(Path.of("/proc/meminfo")));
        String load = Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
        return new Machine(Runtime.getRuntime().availableProcessors(), memKb / 1024.0 / 1024.0,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                dataDirectory.toAbsolutePath().toString(), (int) fsync.getTotalCount(),
                fsync.getValueAtPercentile(50) / 1000.0, fsync.getValueAtPercentile(99) / 1000.0,
                Double.parseDouble(load));
    }
}

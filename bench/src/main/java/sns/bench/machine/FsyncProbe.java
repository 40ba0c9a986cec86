package sns.bench.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/** Disk sync latency measured on the spot: a small write + fdatasync loop in a given directory. */
public final class FsyncProbe {

    private FsyncProbe() {
    }

    /** Latency of each write+sync of {@code bytes} bytes, {@code count} times, in microseconds. */
    public static Histogram measure(Path directory, int count, int bytes) throws IOException {
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, "fsync-probe", ".bin");
        Histogram latency = new Histogram(10_000_000L, 3);
        ByteBuffer block = ByteBuffer.allocate(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < count; i++) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block);
                channel.force(false);
                latency.recordValue(Math.min(10_000_000L, (System.nanoTime() - start) / 1_000));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return latency;
    }
}

package sns.bench.workload;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import sns.bench.load.Window;

/**
 * Fan-out latency: from a post's intended start to its arrival on a follower's live stream,
 * kept apart for followers on the author's cluster and on the other cluster. Only posts of the
 * current phase whose start lies in its measured window count.
 */
public final class FanOut {

    /** The two histograms of one phase, in microseconds. */
    public record Figures(Histogram sameCluster, Histogram otherCluster, Map<String, Long> streamErrors) {
    }

    private int phase = -1;
    private Window window = new Window(0, 0);
    private Histogram same = newHistogram();
    private Histogram other = newHistogram();
    private final Map<String, Long> streamErrors = new TreeMap<>();

    private static Histogram newHistogram() {
        return new Histogram(120_000_000L, 3);
    }

    /** Starts counting posts stamped with {@code phase} whose intended start lies in {@code window}. */
    public synchronized void begin(int phase, Window window) {
        this.phase = phase;
        this.window = window;
        same = newHistogram();
        other = newHistogram();
        streamErrors.clear();
    }

    public synchronized Figures figures() {
        return new Figures(same.copy(), other.copy(), new TreeMap<>(streamErrors));
    }

    /** A post arrived at {@code arrivalNanos} on the stream of a follower homed on {@code followerCluster}. */
    public void arrived(String text, int followerCluster, long arrivalNanos) {
        PostText.parse(text).ifPresent(stamp -> record(stamp, followerCluster, arrivalNanos));
    }

    private synchronized void record(PostText.Stamp stamp, int followerCluster, long arrivalNanos) {
        if (stamp.phase() != phase || !window.contains(stamp.intendedStartNanos())) {
            return;
        }
        long micros = Math.min(120_000_000L, Math.max(0, (arrivalNanos - stamp.intendedStartNanos()) / 1_000));
        (stamp.authorCluster() == followerCluster ? same : other).recordValue(micros);
    }

    public synchronized void streamFailed(String code) {
        streamErrors.merge(code, 1L, Long::sum);
    }
}

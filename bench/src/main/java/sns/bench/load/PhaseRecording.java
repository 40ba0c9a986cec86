package sns.bench.load;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured. A request counts when its (intended) start lies in the window:
 * its latency, from that start to its outcome, goes into the histogram however late it answers,
 * and a failure is counted by gRPC status. Throughput counts the acknowledgements that arrived
 * inside the window. Per-second histograms (by arrival second) feed the latency-over-time chart.
 */
public final class PhaseRecording {

    /** Highest latency recorded, in microseconds (longer ones are clamped): 2 minutes. */
    static final long MAX_MICROS = 120_000_000L;

    private final Window window;
    private final Histogram latency = newHistogram();
    private final Map<String, Long> errors = new TreeMap<>();
    private final List<Histogram> perSecond = new ArrayList<>();
    private long acknowledgedInWindow;

    public PhaseRecording(Window window) {
        this.window = window;
    }

    static Histogram newHistogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    public Window window() {
        return window;
    }

    /** Records one outcome; requests that started outside the window are ignored. */
    public synchronized void record(long startNanos, long endNanos, Status.Code code) {
        if (!window.contains(startNanos)) {
            return;
        }
        if (code != Status.Code.OK) {
            errors.merge(code.name(), 1L, Long::sum);
            return;
        }
        long micros = Math.min(MAX_MICROS, Math.max(0, (endNanos - startNanos) / 1_000));
        latency.recordValue(micros);
        if (endNanos < window.endNanos()) {
            acknowledgedInWindow++;
        }
        int second = (int) ((endNanos - window.startNanos()) / 1_000_000_000L);
        while (perSecond.size() <= second) {
            perSecond.add(newHistogram());
        }
        perSecond.get(second).recordValue(micros);
    }

    /** Counts a request the generator could not even send (e.g. its in-flight limit was reached). */
    public synchronized void recordNotSent(long startNanos, String reason) {
        if (window.contains(startNanos)) {
            errors.merge(reason, 1L, Long::sum);
        }
    }

    public synchronized Histogram latency() {
        return latency.copy();
    }

    public synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    public synchronized long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long acknowledgedInWindow() {
        return acknowledgedInWindow;
    }

    public synchronized double acknowledgedPerSecond() {
        return acknowledgedInWindow / window.seconds();
    }

    /** Latency histograms by the second (since the window's start) in which the answer arrived. */
    public synchronized List<Histogram> perSecond() {
        return perSecond.stream().map(Histogram::copy).toList();
    }
}

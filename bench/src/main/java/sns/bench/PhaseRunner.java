package sns.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import sns.bench.load.ClosedLoop;
import sns.bench.load.OpenLoop;
import sns.bench.load.PhaseRecording;
import sns.bench.load.Sender;
import sns.bench.load.Ticker;
import sns.bench.load.Window;
import sns.bench.machine.ProcessSampler;
import sns.bench.machine.ProcessUsage;
import sns.bench.report.LatencySummary;
import sns.bench.report.PhaseResult;
import sns.bench.report.SecondPoint;
import sns.bench.workload.FanOut;

/**
 * Runs one load phase and gathers its figures: the driver's latencies and errors, the fan-out
 * seen by the live streams, and each process's CPU read from /proc exactly at the window's start
 * and end (warm-up and drain excluded).
 */
final class PhaseRunner implements AutoCloseable {

    private static final Duration DRAIN = Duration.ofSeconds(15);

    private final ProcessSampler sampler;
    private final FanOut fanOut;
    private final long maxInFlight;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-sampler");
        thread.setDaemon(true);
        return thread;
    });

    PhaseRunner(ProcessSampler sampler, FanOut fanOut, long maxInFlight) {
        this.sampler = sampler;
        this.fanOut = fanOut;
        this.maxInFlight = maxInFlight;
    }

    PhaseResult closed(String name, int phase, Sender sender, int concurrency, Duration warmup, Duration measured)
            throws InterruptedException {
        Window window = Window.after(Ticker.SYSTEM, warmup, measured);
        return measure(name, "closed", 0, concurrency, phase, window,
                () -> new ClosedLoop(Ticker.SYSTEM, DRAIN).run(sender, concurrency, window));
    }

    PhaseResult open(String name, int phase, Sender sender, double rate, Duration warmup, Duration measured)
            throws InterruptedException {
        Window window = Window.after(Ticker.SYSTEM, warmup, measured);
        return measure(name, "open", rate, 0, phase, window,
                () -> new OpenLoop(Ticker.SYSTEM, maxInFlight, DRAIN).run(sender, rate, window));
    }

    private interface Driver {
        PhaseRecording run() throws InterruptedException;
    }

    private PhaseResult measure(String name, String mode, double rate, int concurrency, int phase, Window window,
                                Driver driver) throws InterruptedException {
        fanOut.begin(phase, window);
        AtomicReference<Map<String, Long>> cpuAtStart = new AtomicReference<>();
        AtomicReference<long[]> machineAtStart = new AtomicReference<>();
        AtomicReference<Map<String, Long>> cpuAtEnd = new AtomicReference<>();
        AtomicReference<long[]> machineAtEnd = new AtomicReference<>();
        clock.schedule(() -> {
            cpuAtStart.set(sampler.cpuTicks());
            machineAtStart.set(sampler.machineTicks());
        }, window.startNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
        var end = clock.schedule(() -> {
            cpuAtEnd.set(sampler.cpuTicks());
            machineAtEnd.set(sampler.machineTicks());
        }, window.endNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
        PhaseRecording recording = driver.run();
        try {
            end.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading /proc failed", e.getCause());
        }
        long acknowledged = recording.acknowledgedInWindow();
        List<ProcessUsage> processes = sampler.usage(cpuAtStart.get(), cpuAtEnd.get(), acknowledged);
        double machineCpu = (machineAtEnd.get()[0] - machineAtStart.get()[0]) / ProcessSampler.TICKS_PER_SECOND;
        FanOut.Figures fan = fanOut.figures();
        return new PhaseResult(name, mode, rate, concurrency, window.seconds(), acknowledged,
                recording.acknowledgedPerSecond(), 0, LatencySummary.of(recording.latency()), recording.errors(),
                LatencySummary.of(fan.sameCluster()), LatencySummary.of(fan.otherCluster()), fan.streamErrors(),
                processes, machineCpu, perSecond(recording, window));
    }

    private static List<SecondPoint> perSecond(PhaseRecording recording, Window window) {
        List<SecondPoint> points = new ArrayList<>();
        List<Histogram> seconds = recording.perSecond();
        for (int s = 0; s < Math.min(seconds.size(), (int) Math.ceil(window.seconds())); s++) {
            Histogram h = seconds.get(s);
            LatencySummary summary = LatencySummary.of(h);
            points.add(new SecondPoint(s, h.getTotalCount(), summary.p50Millis(), summary.p99Millis()));
        }
        return points;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}

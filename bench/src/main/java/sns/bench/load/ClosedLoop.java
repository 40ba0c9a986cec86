package sns.bench.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code concurrency} requests in flight, each answer starts the next one
 * (from the answering thread: no thread per request). Latency is from each request's actual
 * start; throughput is what the system sustains at that concurrency.
 */
public final class ClosedLoop {

    private final Ticker ticker;
    private final Duration drain;

    public ClosedLoop(Ticker ticker, Duration drain) {
        this.ticker = ticker;
        this.drain = drain;
    }

    /** Keeps {@code concurrency} requests in flight from now until the window ends (before it: warm-up). */
    public PhaseRecording run(Sender sender, int concurrency, Window window) throws InterruptedException {
        Run run = new Run(sender, new PhaseRecording(window));
        for (int i = 0; i < concurrency; i++) {
            run.inFlight.tryAcquire(Long.MAX_VALUE);
            run.issueNext();
        }
        ticker.waitUntil(window.endNanos());
        long unanswered = run.inFlight.awaitEmpty(drain.toNanos());
        for (long i = 0; i < unanswered; i++) {
            run.recording.recordNotSent(window.startNanos(), OpenLoop.NO_ANSWER);
        }
        return run.recording;
    }

    private final class Run {
        private final Sender sender;
        private final PhaseRecording recording;
        private final InFlight inFlight = new InFlight();
        private final AtomicLong next = new AtomicLong();
        /** Per thread: [issuing now?, answers waiting]. An answer given synchronously inside send
         *  (e.g. an immediate failure) is queued instead of recursing without bound. */
        private final ThreadLocal<int[]> trampoline = ThreadLocal.withInitial(() -> new int[2]);

        Run(Sender sender, PhaseRecording recording) {
            this.sender = sender;
            this.recording = recording;
        }

        void issueNext() {
            int[] state = trampoline.get();
            if (state[0] == 1) {
                state[1]++;
                return;
            }
            state[0] = 1;
            try {
                for (state[1] = 1; state[1] > 0; state[1]--) {
                    issueOne();
                }
            } finally {
                state[0] = 0;
            }
        }

        private void issueOne() {
            long start = ticker.nanoTime();
            if (start >= recording.window().endNanos()) {
                inFlight.release();
                return;
            }
            sender.send(next.getAndIncrement(), start, code -> {
                recording.record(start, ticker.nanoTime(), code);
                issueNext();
            });
        }
    }
}

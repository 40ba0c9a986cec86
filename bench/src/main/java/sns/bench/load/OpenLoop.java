package sns.bench.load;

import java.time.Duration;

/**
 * Open-loop load: request n is due at {@code start + n / rate}, whether or not earlier requests
 * have answered, and its latency is measured from that intended start. A sender or system that
 * stalls therefore shows up in the latency of every request that was due during the stall
 * (no coordinated omission). Requests beyond {@code maxInFlight} are not sent and are counted
 * as errors ({@value #NOT_SENT}) rather than silently delayed.
 */
public final class OpenLoop {

    public static final String NOT_SENT = "NOT_SENT_GENERATOR_LIMIT";
    public static final String NO_ANSWER = "NO_ANSWER_AFTER_DRAIN";

    private final Ticker ticker;
    private final long maxInFlight;
    private final Duration drain;

    public OpenLoop(Ticker ticker, long maxInFlight, Duration drain) {
        this.ticker = ticker;
        this.maxInFlight = maxInFlight;
        this.drain = drain;
    }

    /**
     * Sends at {@code ratePerSecond} from now until the window ends (the time before it is warm-up);
     * returns the window's figures once every answer is in or the drain time has passed.
     */
    public PhaseRecording run(Sender sender, double ratePerSecond, Window window) throws InterruptedException {
        long begin = ticker.nanoTime();
        PhaseRecording recording = new PhaseRecording(window);
        InFlight inFlight = new InFlight();
        double intervalNanos = 1e9 / ratePerSecond;
        for (long n = 0; ; n++) {
            long intended = begin + (long) (n * intervalNanos);
            if (intended >= window.endNanos()) {
                break;
            }
            ticker.waitUntil(intended);
            if (!inFlight.tryAcquire(maxInFlight)) {
                recording.recordNotSent(intended, NOT_SENT);
                continue;
            }
            sender.send(n, intended, code -> {
                recording.record(intended, ticker.nanoTime(), code);
                inFlight.release();
            });
        }
        long unanswered = inFlight.awaitEmpty(drain.toNanos());
        for (long i = 0; i < unanswered; i++) {
            recording.recordNotSent(window.startNanos(), NO_ANSWER);
        }
        return recording;
    }
}

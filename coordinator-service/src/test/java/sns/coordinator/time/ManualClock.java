package sns.coordinator.time;

import java.time.Duration;

/** A monotonic clock that moves only when a test says so. */
public final class ManualClock implements MonotonicClock {

    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now += duration.toNanos();
    }

    public synchronized void advanceNanos(long nanos) {
        now += nanos;
    }
}

package sns.bench.load;

/** A ticker that moves only when told to, or when someone waits for a later time. */
final class ManualTicker implements Ticker {

    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void waitUntil(long deadlineNanos) {
        now = Math.max(now, deadlineNanos);
    }

    synchronized void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }
}

package sns.timeline.role;

import java.time.Duration;

/**
 * Counts the client writes between admission and answer, so a stopping master can refuse new
 * ones and still let the admitted ones finish before it hands its lock over.
 */
public final class WriteDrain {

    private int inFlight;
    private boolean closed;

    /** Admits a write unless the drain has closed; an admitted write must {@link #leave()}. */
    synchronized boolean tryEnter() {
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void leave() {
        if (--inFlight == 0) {
            notifyAll();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Admits no more writes, then waits until the admitted ones have answered; false if they did not in time. */
    public synchronized boolean closeAndAwaitIdle(Duration limit) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + limit.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}

package sns.bench.load;

import java.util.concurrent.locks.LockSupport;

/** Monotonic time and waiting, injectable so that schedules can be tested on a manual clock. */
public interface Ticker {

    long nanoTime();

    /** Returns once {@link #nanoTime()} has reached {@code deadlineNanos} (at once if it has). */
    void waitUntil(long deadlineNanos);

    /** The system's monotonic clock. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void waitUntil(long deadlineNanos) {
            for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    };
}

package sns.timeline.clock;

import java.time.InstantSource;

/**
 * A hybrid logical clock packed in a long: {@code physicalMillis << 16 | logical}. Ticks never
 * go backwards, even when the wall clock does, and a tick after observing a remote timestamp is
 * greater than it, so event order respects causality across servers.
 */
public final class HybridLogicalClock {

    private static final int LOGICAL_BITS = 16;
    private static final int MAX_LOGICAL = (1 << LOGICAL_BITS) - 1;

    private final InstantSource wallClock;
    private long last;

    public HybridLogicalClock(InstantSource wallClock) {
        this.wallClock = wallClock;
    }

    /** A timestamp for a local event, greater than every earlier one. */
    public synchronized long tick() {
        long wall = wallClock.millis();
        long physical = physicalMillis(last);
        if (wall > physical) {
            last = of(wall, 0);
        } else if (logical(last) < MAX_LOGICAL) {
            last = last + 1;
        } else {
            // The logical counter is full: borrow the next millisecond rather than wrap.
            last = of(physical + 1, 0);
        }
        return last;
    }

    /** Takes in a remote event's timestamp so the next tick is greater than it. */
    public synchronized void observe(long remote) {
        last = Math.max(last, remote);
    }

    /** On start: continue after the highest timestamp in the log. */
    public synchronized void resumeFrom(long highestInLog) {
        last = Math.max(last, highestInLog);
    }

    public synchronized long current() {
        return last;
    }

    public static long physicalMillis(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    public static int logical(long hlc) {
        return (int) (hlc & MAX_LOGICAL);
    }

    public static long of(long physicalMillis, int logical) {
        return (physicalMillis << LOGICAL_BITS) | (logical & MAX_LOGICAL);
    }
}

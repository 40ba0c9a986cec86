package sns.timeline.role;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current role, epoch and lease, replaced as a whole by each heartbeat answer and
 * read by every write. A master's lease is valid only while the monotonic clock is before its
 * deadline and its wall clock is sane.
 */
public final class RoleState {

    private static final Logger log = LoggerFactory.getLogger(RoleState.class);

    private final LongSupplier nanoTime;
    private final List<Consumer<RoleSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RoleSnapshot>> answerListeners = new CopyOnWriteArrayList<>();
    private volatile RoleSnapshot current;
    private volatile boolean leaseReleased;

    public RoleState(LongSupplier nanoTime, long persistedEpoch) {
        this.nanoTime = nanoTime;
        this.current = RoleSnapshot.unregistered(persistedEpoch);
    }

    public RoleSnapshot current() {
        return current;
    }

    /** True while this server is master, its lease runs, it has not released it and its clock is sane. */
    public boolean leaseValid() {
        RoleSnapshot snapshot = current;
        return !leaseReleased && snapshot.role() == ServerRole.MASTER && snapshot.clockInSync()
                && nanoTime.getAsLong() - snapshot.leaseDeadlineNanos() < 0;
    }

    /**
     * Gives the lease up for good (a stopping master, before it asks the coordinator to hand the
     * lock over): no later heartbeat answer makes it valid again, so this process acknowledges no
     * write from now on.
     */
    public void releaseLease() {
        leaseReleased = true;
        log.info("Master lease released: this server acknowledges no more writes");
    }

    /** Listeners hear every change of role, epoch or clock sanity (on the heartbeat thread). */
    public void onChange(Consumer<RoleSnapshot> listener) {
        listeners.add(listener);
    }

    /** Every heartbeat answer, changed or not (the in-sync set is confirmed by each). */
    public void onEveryAnswer(Consumer<RoleSnapshot> listener) {
        answerListeners.add(listener);
    }

    void update(RoleSnapshot next) {
        RoleSnapshot previous = current;
        current = next;
        if (previous.role() != next.role() || previous.epoch() != next.epoch()
                || previous.clockInSync() != next.clockInSync()) {
            log.info("Role {} at epoch {} (was {} at epoch {})", next.role(), next.epoch(), previous.role(),
                    previous.epoch());
            listeners.forEach(l -> l.accept(next));
        }
        answerListeners.forEach(l -> l.accept(next));
    }
}

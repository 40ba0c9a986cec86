package sns.timeline.role;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * How far this server's own events are acknowledged-safe: the highest local seq a write was
 * acknowledged at, i.e. found durable on every in-sync replica with the master lease still valid
 * (DESIGN §5.3), so any server the coordinator may promote holds it. Acknowledgements are
 * contiguous version vectors, so every lower seq is safe as well, including a write whose own
 * caller gave up. It also rises to what another server durably holds of this server's events
 * (learned when a subscription to it catches up): a master demoted while a write was in flight
 * committed events it could not acknowledge, and its successor may have confirmed them to a
 * retrying client. Readers show a local post only up to here: no follower sees a post that a
 * failover can still lose. Events of other origins are shown once durably applied here.
 * At start everything already in the store counts as safe: a demoted master keeps its events,
 * and anti-entropy spreads them (events are never lost once durable anywhere alive).
 */
public final class AcknowledgedSeq {

    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private long highest;

    public AcknowledgedSeq(long highestAtStart) {
        this.highest = highestAtStart;
    }

    /** Every local seq up to this one is safe; calls the listeners if the seq is new. */
    public void advanceTo(long seq) {
        synchronized (this) {
            if (seq <= highest) {
                return;
            }
            highest = seq;
        }
        listeners.forEach(listener -> listener.accept(seq));
    }

    public synchronized long highest() {
        return highest;
    }

    /** Hears every advance, after {@link #highest()} has moved. */
    public void onAdvance(LongConsumer listener) {
        listeners.add(listener);
    }
}

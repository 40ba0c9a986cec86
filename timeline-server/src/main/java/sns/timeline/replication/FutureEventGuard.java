package sns.timeline.replication;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Event;
import sns.timeline.clock.HybridLogicalClock;

/**
 * Keeps a clock that stepped forward on one server from spreading (DESIGN §5.5): a replicated
 * event whose HLC is further ahead of this server's wall clock than {@code sns.hlc.max-skew} is
 * refused. Applying it would drag this server's HLC (and through it every server's) hours ahead,
 * and posts made elsewhere would then sort before a follow and never appear.
 * <p>
 * Refusing is not rejecting. DESIGN §5.2 says an authenticated, well-formed event is never
 * rejected, and none is lost: a refused event is neither applied nor acknowledged, so this
 * server's version vector stays below it, the subscription that carried it ends, and the next
 * subscription (the reconnect of a slave or cross-cluster stream, or an anti-entropy round) starts
 * from that vector, so the publisher sends the event again. It is applied once this server's clock
 * has caught up with it. Each refusal is counted ({@code sns.replication.future.events.refused})
 * and logged.
 */
public final class FutureEventGuard {

    private static final Logger log = LoggerFactory.getLogger(FutureEventGuard.class);

    private final InstantSource wallClock;
    private final Duration maxSkew;
    private final Counter refused;

    public FutureEventGuard(InstantSource wallClock, Duration maxSkew, Counter refused) {
        this.wallClock = wallClock;
        this.maxSkew = maxSkew;
        this.refused = refused;
    }

    /** How many events of the batch, from its start, may be applied now; the rest are refused. */
    int admissible(List<Event> events, String from) {
        long limit = wallClock.millis() + maxSkew.toMillis();
        for (int i = 0; i < events.size(); i++) {
            long physical = HybridLogicalClock.physicalMillis(events.get(i).getHlc());
            if (physical > limit) {
                int refusedNow = events.size() - i;
                refused.increment(refusedNow);
                log.warn("Refusing {} events from {}: the first is stamped {} ms ahead of this server's clock "
                        + "(max skew {} ms); they will be asked for again", refusedNow, from,
                        physical - wallClock.millis(), maxSkew.toMillis());
                return i;
            }
        }
        return events.size();
    }
}

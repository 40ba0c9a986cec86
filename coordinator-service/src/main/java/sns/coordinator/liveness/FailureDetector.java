package sns.coordinator.liveness;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.time.MonotonicClock;
import sns.coordinator.time.PeriodicTask;

/**
 * Looks for dead servers every half interval on a thread of its own. A check that runs late
 * (GC pause, SIGSTOP of the coordinator) first extends every session by its lateness: the
 * servers could not reach a paused coordinator, so they must not all die at once when it wakes.
 */
public final class FailureDetector extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(FailureDetector.class);

    private final ServerRegistry registry;
    private final MonotonicClock clock;
    private final long periodNanos;
    private long lastCheckNanos;
    private boolean checkedBefore;

    public FailureDetector(ServerRegistry registry, MonotonicClock clock, Timing timing) {
        super("failure-detector", timing.checkPeriodNanos());
        this.registry = registry;
        this.clock = clock;
        this.periodNanos = timing.checkPeriodNanos();
    }

    /** One round: compensate for lateness, then expire the dead. Called by the schedule (and tests). */
    public synchronized void check() {
        long now = clock.nanoTime();
        if (checkedBefore) {
            long lateness = now - lastCheckNanos - periodNanos;
            if (lateness > 0) {
                registry.extendDeadlines(lateness);
                if (lateness > periodNanos) {
                    log.warn("Failure detector ran {} ms late; extended every session by as much",
                            lateness / 1_000_000);
                }
            }
        }
        lastCheckNanos = now;
        checkedBefore = true;
        registry.expireDead();
    }

    @Override
    protected void runRound() {
        check();
    }
}

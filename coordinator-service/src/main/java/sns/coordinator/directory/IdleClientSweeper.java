package sns.coordinator.directory;

import java.time.Duration;
import sns.coordinator.time.PeriodicTask;

/** Runs {@link ClientDirectory#expireIdle()} on a thread of its own every tenth of the idle timeout (at most a minute). */
public final class IdleClientSweeper extends PeriodicTask {

    private static final Duration MAX_PERIOD = Duration.ofMinutes(1);
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);

    private final ClientDirectory directory;

    public IdleClientSweeper(ClientDirectory directory, Duration idleTimeout) {
        super("idle-client-sweeper", period(idleTimeout).toNanos());
        this.directory = directory;
    }

    @Override
    protected void runRound() {
        directory.expireIdle();
    }

    private static Duration period(Duration idleTimeout) {
        Duration tenth = idleTimeout.dividedBy(10);
        return tenth.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : tenth.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : tenth;
    }
}

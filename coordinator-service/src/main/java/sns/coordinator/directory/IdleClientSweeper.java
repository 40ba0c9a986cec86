package sns.coordinator.directory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs {@link ClientDirectory#expireIdle()} on a thread of its own every tenth of the idle timeout (at most a minute). */
public final class IdleClientSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdleClientSweeper.class);
    private static final Duration MAX_PERIOD = Duration.ofMinutes(1);
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);

    private final ClientDirectory directory;
    private final long periodMillis;
    private ScheduledExecutorService scheduler;

    public IdleClientSweeper(ClientDirectory directory, Duration idleTimeout) {
        this.directory = directory;
        Duration tenth = idleTimeout.dividedBy(10);
        this.periodMillis = Math.max(MIN_PERIOD.toMillis(), Math.min(MAX_PERIOD.toMillis(), tenth.toMillis()));
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idle-client-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            directory.expireIdle();
        } catch (RuntimeException e) {
            log.error("Sweeping idle client ids failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

package sns.coordinator.time;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A round of work run at a fixed rate on a daemon thread of its own (not the shared scheduling
 * pool, so a slow task elsewhere never delays it), started and stopped with the application. A
 * round that throws is logged and the next one runs as planned.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String threadName;
    private final long periodNanos;
    private ScheduledExecutorService scheduler;

    protected PeriodicTask(String threadName, long periodNanos) {
        this.threadName = threadName;
        this.periodNanos = periodNanos;
    }

    /** One round. */
    protected abstract void runRound();

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::runSafely, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void runSafely() {
        try {
            runRound();
        } catch (RuntimeException e) {
            log.error("A round of {} failed", threadName, e);
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

package sns.timeline.ops;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;

/**
 * Actuator readiness = registered with a decided role, clock sane and caught up. Refuses traffic
 * until the first heartbeat answer, then follows every change the heartbeat loop reports.
 */
public final class ReadinessReporter implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    private final ApplicationEventPublisher events;
    private final HeartbeatLoop heartbeat;
    private final RoleState role;
    private volatile boolean running;
    private Boolean lastPublished;

    public ReadinessReporter(ApplicationEventPublisher events, HeartbeatLoop heartbeat, RoleState role) {
        this.events = events;
        this.heartbeat = heartbeat;
        this.role = role;
    }

    @Override
    public void start() {
        running = true;
        role.onChange(snapshot -> publish());
        publish();
    }

    /** Spring Boot declares itself ready when the context is up; registration decides, not that. */
    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
        lastPublished = null;
        publish();
    }

    private synchronized void publish() {
        boolean ready = heartbeat.isReady();
        if (lastPublished == null || lastPublished != ready) {
            lastPublished = ready;
            AvailabilityChangeEvent.publish(events, this,
                    ready ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Spring Boot's own readiness event (published when the context is ready). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}

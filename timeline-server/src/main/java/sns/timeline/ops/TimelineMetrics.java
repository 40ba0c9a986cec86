package sns.timeline.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import sns.timeline.live.LiveFeed;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;
import sns.timeline.role.ServerRole;
import sns.timeline.store.EventStore;

/** Posts accepted, events applied, open streams, role, epoch, role changes and heartbeats. */
public final class TimelineMetrics implements MeterBinder {

    private final EventStore store;
    private final LiveFeed feed;
    private final RoleState role;
    private final HeartbeatLoop heartbeat;

    public TimelineMetrics(EventStore store, LiveFeed feed, RoleState role, HeartbeatLoop heartbeat) {
        this.store = store;
        this.feed = feed;
        this.role = role;
        this.heartbeat = heartbeat;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Counter accepted = Counter.builder("sns.timeline.posts.accepted")
                .description("Posts accepted by this server as master").register(meters);
        Counter applied = Counter.builder("sns.timeline.events.committed")
                .description("Events committed to this server's store (local and replicated)").register(meters);
        String self = store.serverUid();
        store.onCommitted(events -> {
            applied.increment(events.size());
            accepted.increment(events.stream().filter(e -> e.hasPosted() && e.getOriginUid().equals(self)).count());
        });
        Gauge.builder("sns.timeline.streams.open", feed, LiveFeed::openStreams)
                .description("Open Timeline streams").register(meters);
        Gauge.builder("sns.timeline.role", role, r -> r.current().role().ordinal())
                .description("Role: " + java.util.Arrays.toString(ServerRole.values()) + " by ordinal")
                .register(meters);
        Gauge.builder("sns.timeline.epoch", role, r -> r.current().epoch())
                .description("The cluster epoch this server has seen").register(meters);
        Gauge.builder("sns.timeline.master", role, r -> r.leaseValid() ? 1 : 0)
                .description("1 while this server is master with a valid lease").register(meters);
        Counter roleChanges = Counter.builder("sns.timeline.role.changes")
                .description("Role or epoch changes announced by the coordinator").register(meters);
        role.onChange(snapshot -> roleChanges.increment());
        FunctionCounter.builder("sns.timeline.heartbeats", heartbeat, HeartbeatLoop::answeredHeartbeats)
                .tag("outcome", "answered").description("Heartbeats sent to the coordinator").register(meters);
        FunctionCounter.builder("sns.timeline.heartbeats", heartbeat, HeartbeatLoop::failedHeartbeats)
                .tag("outcome", "failed").description("Heartbeats sent to the coordinator").register(meters);
    }
}

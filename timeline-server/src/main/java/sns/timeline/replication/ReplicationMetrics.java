package sns.timeline.replication;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Replication lag and outbox depth, in-sync set size, subscriptions and anti-entropy rounds. */
public final class ReplicationMetrics implements MeterBinder {

    private final InSyncTracker inSync;
    private final ReplicationManager manager;
    private final ReplicationGrpcService publisher;

    public ReplicationMetrics(InSyncTracker inSync, ReplicationManager manager, ReplicationGrpcService publisher) {
        this.inSync = inSync;
        this.manager = manager;
        this.publisher = publisher;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("sns.replication.in.sync.size", inSync, InSyncTracker::confirmedSize)
                .description("Slaves the coordinator has confirmed in this master's in-sync set").register(meters);
        Gauge.builder("sns.replication.slave.lag.events", inSync, InSyncTracker::maxSlaveLag)
                .description("Local events the slowest connected slave has not acknowledged").register(meters);
        Gauge.builder("sns.replication.outbox.depth", publisher, ReplicationGrpcService::outboxDepth)
                .description("Committed events not yet sent to subscribers, summed").register(meters);
        Gauge.builder("sns.replication.publishers.open", publisher, ReplicationGrpcService::openPublishers)
                .description("Subscribe calls this server is publishing to (slaves, other masters, anti-entropy)")
                .register(meters);
        Gauge.builder("sns.replication.subscriptions.open", manager, ReplicationManager::openSubscriptions)
                .description("This server's open subscriptions (slave, cross-cluster, anti-entropy)")
                .register(meters);
        FunctionCounter.builder("sns.replication.anti.entropy.rounds", manager, ReplicationManager::antiEntropyRounds)
                .description("Anti-entropy rounds started").register(meters);
        FunctionCounter.builder("sns.replication.anti.entropy.repairs", manager,
                        ReplicationManager::antiEntropyRepairs)
                .description("Events that only anti-entropy delivered").register(meters);
    }
}

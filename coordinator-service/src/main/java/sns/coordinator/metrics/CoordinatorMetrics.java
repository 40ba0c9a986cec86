package sns.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import sns.coordinator.election.Grant;
import sns.coordinator.registry.RegistryListener;
import sns.coordinator.registry.ServerKey;

/** Counts what the registry decides: heartbeats, registrations, deaths, elections. */
public final class CoordinatorMetrics implements RegistryListener {

    private final MeterRegistry meters;
    private final Counter heartbeats;
    private final Counter registrations;

    /** Per-cluster counters exist from the start at 0, so dashboards can take rates before the first event. */
    public CoordinatorMetrics(MeterRegistry meters, int clusters) {
        this.meters = meters;
        for (int cluster = 1; cluster <= clusters; cluster++) {
            deaths(cluster);
            elections(cluster);
        }
        this.heartbeats = Counter.builder("sns.coordinator.heartbeats")
                .description("Heartbeats received").register(meters);
        this.registrations = Counter.builder("sns.coordinator.registrations")
                .description("Servers registered (first heartbeat of a session)").register(meters);
    }

    @Override
    public void heartbeatReceived(ServerKey key) {
        heartbeats.increment();
    }

    @Override
    public void serverRegistered(ServerKey key) {
        registrations.increment();
    }

    @Override
    public void serverDied(ServerKey key) {
        deaths(key.clusterId()).increment();
    }

    @Override
    public void masterGranted(int clusterId, Grant grant) {
        elections(clusterId).increment();
    }

    private Counter deaths(int cluster) {
        return Counter.builder("sns.coordinator.server.deaths")
                .description("Sessions ended because heartbeats were missed or the server restarted")
                .tag("cluster", Integer.toString(cluster))
                .register(meters);
    }

    private Counter elections(int cluster) {
        return Counter.builder("sns.coordinator.elections")
                .description("Master locks granted")
                .tag("cluster", Integer.toString(cluster))
                .register(meters);
    }
}

package sns.coordinator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import sns.coordinator.registry.ServerRegistry;

/** Per-cluster gauges: live servers, whether it has a master (0 = masterless), its epoch. */
public final class ClusterGauges implements MeterBinder {

    private final ServerRegistry registry;

    public ClusterGauges(ServerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (int c = 1; c <= registry.clusterCount(); c++) {
            int cluster = c;
            String tag = Integer.toString(cluster);
            Gauge.builder("sns.coordinator.live.servers", () -> registry.liveServerCount(cluster))
                    .description("Live servers of the cluster").tag("cluster", tag).register(meters);
            Gauge.builder("sns.coordinator.masters", () -> registry.hasMaster(cluster) ? 1 : 0)
                    .description("1 when the cluster has a master, 0 when it is masterless").tag("cluster", tag)
                    .register(meters);
            Gauge.builder("sns.coordinator.epoch", () -> registry.epoch(cluster))
                    .description("Current epoch of the cluster").tag("cluster", tag).register(meters);
        }
    }
}

package sns.coordinator.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sns.coordinator.directory.ClientDirectory;
import sns.coordinator.liveness.FailureDetector;
import sns.coordinator.metrics.ClusterGauges;
import sns.coordinator.metrics.CoordinatorMetrics;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.time.MonotonicClock;

/** Wires the coordinator's pieces; time sources are beans so tests can replace them. */
@Configuration(proxyBeanMethods = false)
public class CoordinatorConfiguration {

    @Bean
    MonotonicClock monotonicClock() {
        return MonotonicClock.system();
    }

    @Bean
    InstantSource wallClock() {
        return InstantSource.system();
    }

    @Bean
    LockNamespace lockNamespace(InstantSource wallClock) {
        return new LockNamespace(wallClock);
    }

    @Bean
    CoordinatorMetrics coordinatorMetrics(MeterRegistry meters, CoordinatorProperties properties) {
        return new CoordinatorMetrics(meters, properties.clusters());
    }

    @Bean
    ServerRegistry serverRegistry(CoordinatorProperties properties, MonotonicClock clock, InstantSource wallClock,
                                  LockNamespace namespace, CoordinatorMetrics metrics) {
        return new ServerRegistry(properties.timing(), properties.clusters(), clock, wallClock, namespace, metrics);
    }

    @Bean
    ClusterGauges clusterGauges(ServerRegistry registry) {
        return new ClusterGauges(registry);
    }

    @Bean
    FailureDetector failureDetector(ServerRegistry registry, MonotonicClock clock, CoordinatorProperties properties) {
        return new FailureDetector(registry, clock, properties.timing());
    }

    @Bean
    ClientDirectory clientDirectory(ServerRegistry registry, LockNamespace namespace) {
        return new ClientDirectory(registry, namespace, new SecureRandom());
    }

    @Bean
    InfoContributor coordinatorInfo(CoordinatorProperties properties) {
        return builder -> builder.withDetail("coordinator", java.util.Map.of(
                "clusters", properties.clusters(),
                "heartbeatIntervalMillis", properties.heartbeatInterval().toMillis(),
                "missedHeartbeats", properties.missedHeartbeats(),
                "leaseMillis", properties.timing().leaseNanos() / 1_000_000));
    }
}

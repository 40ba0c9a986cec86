package sns.coordinator.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sns.coordinator.api.ClusterSecretCheck;
import sns.coordinator.directory.ClientDirectory;
import sns.coordinator.directory.IdleClientSweeper;
import sns.coordinator.liveness.FailureDetector;
import sns.coordinator.metrics.ClusterGauges;
import sns.coordinator.metrics.CoordinatorMetrics;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.time.MonotonicClock;

/** Wires the coordinator's pieces; time sources are beans so tests can replace them. */
@Configuration(proxyBeanMethods = false)
public class CoordinatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorConfiguration.class);

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
    ClientDirectory clientDirectory(ServerRegistry registry, LockNamespace namespace, MonotonicClock clock,
                                    CoordinatorProperties properties) {
        return new ClientDirectory(registry, namespace, new SecureRandom(), clock, properties.clientIdleTimeout(),
                properties.maxClients());
    }

    @Bean
    IdleClientSweeper idleClientSweeper(ClientDirectory directory, CoordinatorProperties properties) {
        return new IdleClientSweeper(directory, properties.clientIdleTimeout());
    }

    @Bean
    ClusterSecretCheck clusterSecretCheck(SecurityProperties security) {
        if (security.usesDevelopmentSecret()) {
            log.warn("*** USING THE BUILT-IN DEVELOPMENT CLUSTER SECRET: anyone can register a server and take "
                    + "a cluster's master lock. Set SNS_SECURITY_CLUSTER_SECRET (>= 32 bytes, the timeline "
                    + "servers' value). ***");
        }
        return new ClusterSecretCheck(security.clusterSecret());
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

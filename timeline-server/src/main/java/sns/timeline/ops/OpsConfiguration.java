package sns.timeline.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sns.timeline.config.ServerProperties;
import sns.timeline.live.LiveFeed;
import sns.timeline.replication.InSyncTracker;
import sns.timeline.replication.ReplicationGrpcService;
import sns.timeline.replication.ReplicationManager;
import sns.timeline.replication.ReplicationMetrics;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;
import sns.timeline.store.EventStore;

/** Actuator readiness, info and metrics of a timeline server. */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    @Bean
    ServerReadiness serverReadiness(HeartbeatLoop heartbeat, RoleState role, ReplicationManager replication) {
        return new ServerReadiness(heartbeat, role, replication);
    }

    @Bean
    TimelineMetrics timelineMetrics(EventStore store, LiveFeed feed, RoleState role, HeartbeatLoop heartbeat) {
        return new TimelineMetrics(store, feed, role, heartbeat);
    }

    @Bean
    ReplicationMetrics replicationMetrics(InSyncTracker inSync, ReplicationManager manager,
                                          ReplicationGrpcService publisher) {
        return new ReplicationMetrics(inSync, manager, publisher);
    }

    @Bean
    ServerInfo serverInfo(ServerProperties server, EventStore store, RoleState role) {
        return new ServerInfo(server, store, role);
    }
}

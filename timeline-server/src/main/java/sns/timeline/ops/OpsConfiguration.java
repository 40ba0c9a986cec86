package sns.timeline.ops;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sns.timeline.config.ServerProperties;
import sns.timeline.live.LiveFeed;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;
import sns.timeline.store.EventStore;

/** Actuator readiness, info and metrics of a timeline server. */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    @Bean
    ReadinessReporter readinessReporter(ApplicationEventPublisher events, HeartbeatLoop heartbeat, RoleState role) {
        return new ReadinessReporter(events, heartbeat, role);
    }

    @Bean
    TimelineMetrics timelineMetrics(EventStore store, LiveFeed feed, RoleState role) {
        return new TimelineMetrics(store, feed, role);
    }

    @Bean
    ServerInfo serverInfo(ServerProperties server, EventStore store, RoleState role) {
        return new ServerInfo(server, store, role);
    }
}

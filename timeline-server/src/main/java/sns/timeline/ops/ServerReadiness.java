package sns.timeline.ops;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import sns.timeline.replication.ReplicationManager;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;

/**
 * Part of the readiness group: UP once the coordinator gave this server a role, its clock is sane
 * and (as a slave) it has caught up with its master.
 */
public final class ServerReadiness implements HealthIndicator {

    private final HeartbeatLoop heartbeat;
    private final RoleState role;
    private final ReplicationManager replication;

    public ServerReadiness(HeartbeatLoop heartbeat, RoleState role, ReplicationManager replication) {
        this.heartbeat = heartbeat;
        this.role = role;
        this.replication = replication;
    }

    @Override
    public Health health() {
        var snapshot = role.current();
        Health.Builder health = heartbeat.isReady() ? Health.up() : Health.outOfService();
        return health
                .withDetail("role", snapshot.role().name())
                .withDetail("epoch", snapshot.epoch())
                .withDetail("clockInSync", snapshot.clockInSync())
                .withDetail("caughtUp", replication.caughtUp())
                .build();
    }
}

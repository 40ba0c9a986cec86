package sns.timeline.ops;

import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import sns.timeline.config.ServerProperties;
import sns.timeline.role.RoleState;
import sns.timeline.store.EventStore;

/** /actuator/info: cluster, server, uid, role and epoch. */
public final class ServerInfo implements InfoContributor {

    private final ServerProperties server;
    private final EventStore store;
    private final RoleState role;

    public ServerInfo(ServerProperties server, EventStore store, RoleState role) {
        this.server = server;
        this.store = store;
        this.role = role;
    }

    @Override
    public void contribute(Info.Builder builder) {
        var snapshot = role.current();
        builder.withDetail("server", Map.of(
                "cluster", server.clusterId(),
                "server", server.serverId(),
                "address", server.advertisedAddress(),
                "uid", store.serverUid(),
                "role", snapshot.role().name(),
                "epoch", snapshot.epoch(),
                "leaseValid", role.leaseValid()));
    }
}

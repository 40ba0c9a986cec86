package sns.coordinator.api;

import java.time.InstantSource;
import java.util.HashSet;
import sns.api.v1.ClusterMaster;
import sns.api.v1.HandOverRequest;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.Member;
import sns.api.v1.NodeStat;
import sns.api.v1.Role;
import sns.api.v1.Topology;
import sns.coordinator.liveness.Timing;
import sns.coordinator.registry.HandOver;
import sns.coordinator.registry.Heartbeat;
import sns.coordinator.registry.InvalidRequestException;
import sns.coordinator.registry.ServerKey;
import sns.coordinator.registry.ServerView;
import sns.coordinator.registry.TopologyView;

/** Translates between wire messages and the registry's domain types. */
final class ProtoMapper {

    private final InstantSource wallClock;
    private final Timing timing;
    private final int clusterCount;

    ProtoMapper(InstantSource wallClock, Timing timing, int clusterCount) {
        this.wallClock = wallClock;
        this.timing = timing;
        this.clusterCount = clusterCount;
    }

    Heartbeat heartbeat(HeartbeatRequest request) {
        if (!request.hasServer()) {
            throw new InvalidRequestException("heartbeat must carry the server identity");
        }
        var server = request.getServer();
        return new Heartbeat(new ServerKey(server.getClusterId(), server.getServerId()), server.getAddress(),
                server.getServerUid(), request.getSequence(), request.getMaxEpochSeen(), request.getHoldsLock(),
                new HashSet<>(request.getInSyncServerUidsList()), request.getWasInSync(), request.getReady());
    }

    HandOver handOver(HandOverRequest request) {
        if (!request.hasServer()) {
            throw new InvalidRequestException("hand-over must carry the server identity");
        }
        var server = request.getServer();
        return new HandOver(new ServerKey(server.getClusterId(), server.getServerId()), server.getServerUid(),
                request.getEpoch(), request.getSuccessorUid());
    }

    Topology topology(TopologyView view) {
        Topology.Builder topology = Topology.newBuilder()
                .setRole(role(view.role()))
                .setEpoch(view.epoch())
                .setLeaseMillis(view.leaseNanos() / 1_000_000)
                .setCoordinatorTimeMillis(wallClock.millis())
                .setHeartbeatIntervalMillis(timing.heartbeatInterval().toMillis())
                .setMissedHeartbeats(timing.missedHeartbeats())
                .setHeartbeatSequence(view.sequence())
                .setClusterCount(clusterCount);
        view.members().forEach(m -> topology.addMembers(member(m)));
        view.master().ifPresent(m -> topology.setMaster(server(m)));
        view.otherMasters().forEach(m -> topology.addOtherMasters(server(m)));
        return topology.build();
    }

    ClusterMaster server(ServerView view) {
        return ClusterMaster.newBuilder()
                .setClusterId(view.key().clusterId())
                .setServerId(view.key().serverId())
                .setAddress(view.address())
                .setServerUid(view.serverUid())
                .setEpoch(view.epoch())
                .setReady(view.ready())
                .build();
    }

    NodeStat stat(sns.coordinator.namespace.NodeStat stat) {
        return NodeStat.newBuilder()
                .setVersion(stat.version())
                .setOwnerSession(stat.ownerSession().orElse(""))
                .setChildren(stat.children())
                .setCreatedAtMillis(stat.createdAt().toEpochMilli())
                .setModifiedAtMillis(stat.modifiedAt().toEpochMilli())
                .build();
    }

    private static Member member(ServerView view) {
        return Member.newBuilder()
                .setServerId(view.key().serverId())
                .setAddress(view.address())
                .setServerUid(view.serverUid())
                .setRole(role(view.role()))
                .setInSync(view.inSync())
                .setReady(view.ready())
                .build();
    }

    private static Role role(sns.coordinator.registry.Role role) {
        return switch (role) {
            case MASTER -> Role.ROLE_MASTER;
            case SLAVE -> Role.ROLE_SLAVE;
            case PENDING -> Role.ROLE_PENDING;
        };
    }
}

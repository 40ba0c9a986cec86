package sns.coordinator.registry;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.coordinator.election.ClusterState;
import sns.coordinator.election.Grant;
import sns.coordinator.election.MasterElection;
import sns.coordinator.liveness.Timing;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.time.MonotonicClock;

/**
 * Registration, keep-alive and election in one place (DESIGN §3). Every heartbeat registers or
 * refreshes its sender's session, may trigger an election, and is answered with the topology.
 * The namespace mirrors the state for humans and tools: {@code /clusters/{c}/servers/{s}} and
 * {@code /clusters/{c}/master} are owned by the server's session and vanish with it.
 *
 * <p>All state changes happen under this object's monitor; the coordinator's load is a few
 * heartbeats per second per server, so one lock keeps the rules simple and obviously atomic.
 */
public final class ServerRegistry {

    private static final Logger log = LoggerFactory.getLogger(ServerRegistry.class);

    private final Timing timing;
    private final int clusterCount;
    private final MonotonicClock clock;
    private final InstantSource wallClock;
    private final LockNamespace namespace;
    private final RegistryListener listener;
    private final HeartbeatValidator validator;
    private final MasterElection election;
    private final Map<ServerKey, ServerSession> sessions = new HashMap<>();
    private final Map<Integer, ClusterState> clusters = new HashMap<>();
    private long recoveryEndsAtNanos;
    private boolean serving;
    private boolean recovering = true;
    private long sessionCounter;

    public ServerRegistry(Timing timing, int clusterCount, MonotonicClock clock, InstantSource wallClock,
                          LockNamespace namespace, RegistryListener listener) {
        this.timing = timing;
        this.clusterCount = clusterCount;
        this.clock = clock;
        this.wallClock = wallClock;
        this.namespace = namespace;
        this.listener = listener;
        this.validator = new HeartbeatValidator(clusterCount);
        this.election = new MasterElection(wallClock.millis());
        IntStream.rangeClosed(1, clusterCount).forEach(c -> {
            clusters.put(c, new ClusterState(c));
            namespace.upsert(clusterPath(c) + "/servers", "");
        });
        log.info("Coordinator created with {} clusters; granting no master lock until it has served heartbeats "
                + "for {} ms", clusterCount, timing.deathTimeoutNanos() / 1_000_000);
    }

    /**
     * The gRPC server serves heartbeats from now on: the restart-recovery hold (one death timeout,
     * so every live server has re-registered) counts from here, not from when this object was built.
     */
    public synchronized void startServing() {
        if (!serving) {
            serving = true;
            recoveryEndsAtNanos = clock.nanoTime() + timing.deathTimeoutNanos();
            log.info("Serving heartbeats; restart recovery grants no master lock for {} ms while servers "
                    + "(re)register", timing.deathTimeoutNanos() / 1_000_000);
        }
    }

    public int clusterCount() {
        return clusterCount;
    }

    public Timing timing() {
        return timing;
    }

    /** Registers or refreshes the sender, runs the election of its cluster and answers with the topology. */
    public synchronized TopologyView heartbeat(Heartbeat heartbeat) {
        validator.validate(heartbeat);
        long now = clock.nanoTime();
        ServerSession session = sessions.get(heartbeat.key());
        if (session != null && !session.address().equals(heartbeat.address())) {
            throw new ServerConflictException("server " + heartbeat.key().serverId() + " of cluster "
                    + heartbeat.key().clusterId() + " is already registered from " + session.address()
                    + "; " + heartbeat.address() + " cannot claim it while that server is alive");
        }
        if (session != null && !session.serverUid().equals(heartbeat.serverUid())) {
            end(session, "restarted with new data (uid " + heartbeat.serverUid() + ")");
            session = null;
        }
        ClusterState cluster = clusters.get(heartbeat.key().clusterId());
        if (session != null && session.isOvertakenBy(heartbeat)) {
            log.debug("Ignoring heartbeat {} seq={}: overtaken by seq {}", heartbeat.key(), heartbeat.sequence(),
                    session.last().sequence());
            return topology(session, cluster, heartbeat.sequence());
        }
        if (session == null) {
            session = register(heartbeat);
        }
        session.touch(heartbeat, now, timing.deathTimeoutNanos());
        listener.heartbeatReceived(heartbeat.key());

        cluster.observeEpoch(heartbeat.maxEpochSeen());
        if (cluster.masterIsBehind()) {
            revoke(cluster, heartbeat);
        }
        if (cluster.isMaster(heartbeat.key().serverId())) {
            recordInSync(cluster, heartbeat.inSyncServerUids());
        }
        reconcile(cluster, now);
        if (cluster.isMaster(heartbeat.key().serverId())) {
            cluster.masterAnswered(now, timing.leaseNanos());
        }
        TopologyView topology = topology(session, cluster, heartbeat.sequence());
        publishServerNode(session, cluster);
        log.debug("heartbeat {} seq={} epochSeen={} holdsLock={} inSync={} ready={} -> {} epoch {}",
                heartbeat.key(), heartbeat.sequence(), heartbeat.maxEpochSeen(), heartbeat.holdsLock(),
                heartbeat.inSyncServerUids(), heartbeat.ready(), topology.role(), topology.epoch());
        return topology;
    }

    /**
     * A planned stop: the master named in the request has stopped acknowledging writes before it
     * sent the request, so its lease ends with this call and the lock may move at once, but only
     * to a live member of the in-sync set the master last reported (it holds every acknowledged
     * write), preferring the one the master named. The stopping master's session ends (it is
     * about to exit); the successor is master at epoch + 1 and learns it from its next heartbeat.
     * A refusal changes nothing.
     */
    public synchronized ServerView handOver(HandOver request) {
        HeartbeatValidator.requireCluster(request.key().clusterId(), clusterCount);
        ClusterState cluster = clusters.get(request.key().clusterId());
        ServerSession holder = sessions.get(request.key());
        boolean holds = holder != null && holder.serverUid().equals(request.serverUid())
                && cluster.isMaster(request.key().serverId())
                && cluster.master().orElseThrow().epoch() == request.epoch() && cluster.epoch() == request.epoch();
        if (!holds) {
            throw new HandOverRefusedException(HandOverRefusedException.NOT_MASTER, "server "
                    + request.key().serverId() + " of cluster " + request.key().clusterId()
                    + " does not hold the master lock at epoch " + request.epoch() + "; nothing to hand over");
        }
        ServerSession successor = sessions.values().stream()
                .filter(s -> s.key().clusterId() == cluster.clusterId() && s != holder
                        && cluster.isInSync(s.serverUid()))
                .min(Comparator.comparing((ServerSession s) -> !s.serverUid().equals(request.successorUid()))
                        .thenComparingInt(s -> s.key().serverId()))
                .orElseThrow(() -> new HandOverRefusedException(HandOverRefusedException.NO_IN_SYNC_MEMBER,
                        "cluster " + cluster.clusterId() + " has no live in-sync member to hand the lock to; "
                                + "it stays with server " + request.key().serverId() + " until its session ends"));
        end(holder, "handed its lock over and is stopping");
        cluster.leaseReleased();
        apply(cluster, new Grant(successor.key().serverId(), successor.serverUid(), cluster.epoch() + 1, false));
        return view(successor, cluster);
    }

    /** The failure detector ran late: nobody may die of the coordinator's own pause. */
    public synchronized void extendDeadlines(long latenessNanos) {
        sessions.values().forEach(s -> s.extendDeadline(latenessNanos));
    }

    /** Ends the session of every server past its deadline, then re-runs every election. */
    public synchronized List<ServerKey> expireDead() {
        long now = clock.nanoTime();
        List<ServerSession> dead = sessions.values().stream().filter(s -> s.isDead(now)).toList();
        dead.forEach(s -> end(s, "missed " + timing.missedHeartbeats() + " heartbeats"));
        clusters.values().forEach(c -> reconcile(c, now));
        return dead.stream().map(ServerSession::key).toList();
    }

    /** The ready master of a cluster, if it has one. */
    public synchronized Optional<ServerView> readyMaster(int clusterId) {
        HeartbeatValidator.requireCluster(clusterId, clusterCount);
        ClusterState cluster = clusters.get(clusterId);
        return cluster.master()
                .map(grant -> sessions.get(new ServerKey(clusterId, grant.serverId())))
                .filter(s -> s.last().ready())
                .map(s -> view(s, cluster));
    }

    /** Live servers of a cluster, by server id. */
    public synchronized List<ServerView> liveServers(int clusterId) {
        HeartbeatValidator.requireCluster(clusterId, clusterCount);
        return members(clusters.get(clusterId));
    }

    /** Masters of every cluster but the given one. */
    public synchronized List<ServerView> otherMasters(int clusterId) {
        HeartbeatValidator.requireCluster(clusterId, clusterCount);
        return mastersExcept(clusterId);
    }

    public synchronized int liveServerCount(int clusterId) {
        return (int) sessions.keySet().stream().filter(k -> k.clusterId() == clusterId).count();
    }

    public synchronized boolean hasMaster(int clusterId) {
        return clusters.get(clusterId).hasMaster();
    }

    public synchronized long epoch(int clusterId) {
        return clusters.get(clusterId).epoch();
    }

    private ServerSession register(Heartbeat heartbeat) {
        String sessionId = heartbeat.key() + "#" + (++sessionCounter);
        ServerSession session = new ServerSession(sessionId, heartbeat);
        sessions.put(heartbeat.key(), session);
        listener.serverRegistered(heartbeat.key());
        log.info("Registered server {} at {} (uid {}, epoch seen {}, holds lock {}, session {})",
                heartbeat.key(), heartbeat.address(), heartbeat.serverUid(), heartbeat.maxEpochSeen(),
                heartbeat.holdsLock(), sessionId);
        return session;
    }

    private void end(ServerSession session, String why) {
        sessions.remove(session.key());
        List<String> released = namespace.endSession(session.sessionId());
        ClusterState cluster = clusters.get(session.key().clusterId());
        boolean wasMaster = cluster.isMaster(session.key().serverId());
        if (wasMaster) {
            cluster.masterLost();
        }
        listener.serverDied(session.key());
        log.info("Server {} at {} is gone ({}){}; released {}", session.key(), session.address(), why,
                wasMaster ? ", it was master at epoch " + cluster.epoch() : "", released);
    }

    private void revoke(ClusterState cluster, Heartbeat reporter) {
        Grant stale = cluster.master().orElseThrow();
        ServerSession holder = sessions.get(new ServerKey(cluster.clusterId(), stale.serverId()));
        cluster.revokeAndForgetHistory();
        if (holder != null) {
            namespace.deleteIfOwnedBy(clusterPath(cluster.clusterId()) + "/master", holder.sessionId());
        }
        log.warn("Cluster {}: server {} has seen epoch {} but the master (server {}) was granted epoch {}; "
                        + "revoking its lock and electing from what the members report once its lease has run out",
                cluster.clusterId(), reporter.key().serverId(), cluster.epoch(), stale.serverId(), stale.epoch());
    }

    /** Records the reported uids that are live members of the cluster now; ids are only for humans. */
    private void recordInSync(ClusterState cluster, Set<String> reportedUids) {
        List<ServerSession> members = sessions.values().stream()
                .filter(s -> s.key().clusterId() == cluster.clusterId() && reportedUids.contains(s.serverUid()))
                .sorted(Comparator.comparingInt(s -> s.key().serverId()))
                .toList();
        Set<String> uids = members.stream().map(ServerSession::serverUid).collect(Collectors.toSet());
        String servers = members.stream().map(s -> s.key().serverId() + ":" + s.serverUid())
                .collect(Collectors.joining(","));
        if (!uids.equals(cluster.inSyncUids())) {
            log.info("Cluster {} in-sync set is now [{}] (epoch {})", cluster.clusterId(), servers, cluster.epoch());
        }
        cluster.recordInSync(uids);
        namespace.upsert(clusterPath(cluster.clusterId()) + "/in-sync",
                "epoch=" + cluster.epoch() + " servers=" + servers);
    }

    private void reconcile(ClusterState cluster, long now) {
        if (cluster.hasMaster() || grantsBlocked(cluster, now)) {
            return;
        }
        List<ServerSession> live = sessions.values().stream()
                .filter(s -> s.key().clusterId() == cluster.clusterId())
                .sorted(Comparator.comparingInt(s -> s.key().serverId()))
                .toList();
        election.choose(cluster, live.stream().map(ServerSession::asCandidate).toList())
                .ifPresent(grant -> apply(cluster, grant));
    }

    private boolean grantsBlocked(ClusterState cluster, long now) {
        if (recovering) {
            if (!serving || now - recoveryEndsAtNanos < 0) {
                return true;
            }
            recovering = false;
            log.info("Restart recovery over: {} servers re-registered; elections open", sessions.size());
        }
        return cluster.leaseMayStillRun(now);
    }

    private void apply(ClusterState cluster, Grant grant) {
        ServerSession winner = sessions.get(new ServerKey(cluster.clusterId(), grant.serverId()));
        long previousEpoch = cluster.epoch();
        cluster.grant(grant);
        String masterPath = clusterPath(cluster.clusterId()) + "/master";
        namespace.deleteIfOwnedBy(masterPath, winner.sessionId());
        if (!namespace.tryCreateEphemeral(masterPath, masterData(winner, grant.epoch()), winner.sessionId())) {
            throw new IllegalStateException(masterPath + " is still held although the cluster has no master");
        }
        namespace.upsert(clusterPath(cluster.clusterId()) + "/epoch", Long.toString(grant.epoch()));
        listener.masterGranted(cluster.clusterId(), grant);
        log.info("Cluster {}: server {} at {} is MASTER at epoch {} ({})", cluster.clusterId(), grant.serverId(),
                winner.address(), grant.epoch(),
                (grant.kept() ? "kept its lock across a coordinator restart; " : "") + "epoch was " + previousEpoch);
    }

    private TopologyView topology(ServerSession session, ClusterState cluster, long sequence) {
        long now = clock.nanoTime();
        boolean master = cluster.isMaster(session.key().serverId());
        Role role = master ? Role.MASTER
                : !cluster.hasMaster() && (recovering || cluster.leaseMayStillRun(now)) ? Role.PENDING : Role.SLAVE;
        Optional<ServerView> masterView = cluster.master()
                .map(g -> sessions.get(new ServerKey(cluster.clusterId(), g.serverId())))
                .map(s -> view(s, cluster));
        return new TopologyView(role, cluster.epoch(), master ? timing.leaseNanos() : 0, sequence,
                members(cluster), masterView, mastersExcept(cluster.clusterId()));
    }

    private List<ServerView> members(ClusterState cluster) {
        return sessions.values().stream()
                .filter(s -> s.key().clusterId() == cluster.clusterId())
                .sorted(Comparator.comparingInt(s -> s.key().serverId()))
                .map(s -> view(s, cluster))
                .toList();
    }

    private List<ServerView> mastersExcept(int clusterId) {
        List<ServerView> masters = new ArrayList<>();
        for (int c = 1; c <= clusterCount; c++) {
            ClusterState cluster = clusters.get(c);
            if (c != clusterId && cluster.hasMaster()) {
                masters.add(view(sessions.get(new ServerKey(c, cluster.master().orElseThrow().serverId())), cluster));
            }
        }
        return masters;
    }

    private ServerView view(ServerSession session, ClusterState cluster) {
        int serverId = session.key().serverId();
        Role role = cluster.isMaster(serverId) ? Role.MASTER : Role.SLAVE;
        return new ServerView(session.key(), session.address(), session.serverUid(), role, cluster.epoch(),
                cluster.isInSync(session.serverUid()), session.last().ready());
    }

    private void publishServerNode(ServerSession session, ClusterState cluster) {
        ServerView view = view(session, cluster);
        String data = "address=" + view.address() + " uid=" + view.serverUid() + " role=" + view.role()
                + " in-sync=" + view.inSync() + " ready=" + view.ready() + " last-heartbeat=" + wallClock.instant();
        String path = clusterPath(cluster.clusterId()) + "/servers/" + session.key().serverId();
        if (!namespace.tryCreateEphemeral(path, data, session.sessionId())) {
            namespace.write(path, data);
        }
    }

    private static String masterData(ServerSession winner, long epoch) {
        return "server=" + winner.key().serverId() + " address=" + winner.address() + " epoch=" + epoch;
    }

    private static String clusterPath(int clusterId) {
        return "/clusters/" + clusterId;
    }
}

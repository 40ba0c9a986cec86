package sns.coordinator.api;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.Role;
import sns.api.v1.ServerIdentity;
import sns.api.v1.Topology;

/**
 * Plays the heartbeat side of a timeline server over real gRPC: heartbeats on a thread of its
 * own with a deadline shorter than the interval and remembers what the answers told it.
 */
final class HeartbeatingServer implements AutoCloseable {

    private final CoordinatorGrpc.CoordinatorBlockingStub stub;
    private final ServerIdentity identity;
    private final Duration interval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private volatile Set<String> inSync = Set.of();
    private volatile Topology last;
    private volatile long sequence;
    private volatile long maxEpochSeen;
    private volatile boolean holdsLock;
    private volatile boolean wasInSync;
    private volatile StatusRuntimeException lastError;

    HeartbeatingServer(ManagedChannel channel, int cluster, int server, Duration interval) {
        this.stub = CoordinatorGrpc.newBlockingStub(channel)
                .withInterceptors(CoordinatorGrpcTest.secretHeader(CoordinatorGrpcTest.CLUSTER_SECRET));
        this.identity = ServerIdentity.newBuilder()
                .setClusterId(cluster)
                .setServerId(server)
                .setAddress("localhost:" + (20000 + cluster * 100 + server))
                .setServerUid("uid-c" + cluster + "-s" + server)
                .build();
        this.interval = interval;
    }

    /** Reports the original data of these server ids as its in-sync set while master. */
    HeartbeatingServer reportingInSync(Integer... serverIds) {
        inSync = java.util.Arrays.stream(serverIds).map(id -> "uid-c" + identity.getClusterId() + "-s" + id)
                .collect(java.util.stream.Collectors.toSet());
        return this;
    }

    HeartbeatingServer start() {
        thread.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops heartbeating, as a crashed or partitioned server would. */
    void stop() {
        thread.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    private void beat() {
        HeartbeatRequest request = HeartbeatRequest.newBuilder()
                .setServer(identity)
                .setSequence(++sequence)
                .setMaxEpochSeen(maxEpochSeen)
                .setHoldsLock(holdsLock)
                .addAllInSyncServerUids(holdsLock ? inSync : Set.of())
                .setWasInSync(wasInSync)
                .setReady(true)
                .build();
        try {
            Topology topology = stub.withDeadlineAfter(interval.toMillis() * 8 / 10, TimeUnit.MILLISECONDS)
                    .heartbeat(request);
            maxEpochSeen = Math.max(maxEpochSeen, topology.getEpoch());
            if (topology.getRole() != Role.ROLE_PENDING) {
                holdsLock = topology.getRole() == Role.ROLE_MASTER;
                wasInSync = topology.getMembersList().stream()
                        .anyMatch(m -> m.getServerId() == identity.getServerId() && m.getInSync());
            }
            last = topology;
            lastError = null;
        } catch (StatusRuntimeException e) {
            lastError = e;
        }
    }

    Role role() {
        Topology topology = last;
        return topology == null ? Role.ROLE_UNSPECIFIED : topology.getRole();
    }

    long epoch() {
        Topology topology = last;
        return topology == null ? 0 : topology.getEpoch();
    }

    boolean inSyncPerCoordinator() {
        return wasInSync;
    }

    Topology topology() {
        return last;
    }

    ServerIdentity identity() {
        return identity;
    }

    StatusRuntimeException lastError() {
        return lastError;
    }
}

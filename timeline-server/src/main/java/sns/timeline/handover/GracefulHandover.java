package sns.timeline.handover;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.HandOverRequest;
import sns.api.v1.HandOverResponse;
import sns.api.v1.ServerIdentity;
import sns.timeline.config.HandoverProperties;
import sns.timeline.replication.InSyncTracker;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;
import sns.timeline.role.WriteDrain;
import sns.timeline.store.ServerMeta;

/**
 * A planned stop of a master (SIGTERM: Spring closes its context) hands the master lock to an
 * in-sync slave at once instead of letting it time out. It runs on {@link ContextClosedEvent},
 * before any lifecycle bean stops, so the gRPC server still serves and the slaves are attached:
 * <ol>
 * <li>new client writes are refused ({@code not-master}); admitted ones answer as usual;</li>
 * <li>it waits until a confirmed in-sync slave holds everything this server committed;</li>
 * <li>it stops heartbeating and <b>releases its lease</b> for good, so it acknowledges nothing
 *     from here on; only then does it call {@code HandOver}, which lets the coordinator grant the
 *     lock at once, and only to a member of the in-sync set it recorded;</li>
 * <li>it ends its slaves' streams, so the new master heartbeats and learns its role at once.</li>
 * </ol>
 * A slave, or a master without a confirmed in-sync slave, just stops: in the second case the
 * lock stays with this server's data until it returns (nobody else may hold every acknowledged
 * write). A refused or failed call leaves the lock to time out as after a crash.
 */
public final class GracefulHandover implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(GracefulHandover.class);

    private final RoleState role;
    private final WriteDrain drain;
    private final InSyncTracker inSync;
    private final HeartbeatLoop heartbeat;
    private final ServerMeta meta;
    private final ServerIdentity self;
    private final CoordinatorGrpc.CoordinatorBlockingStub coordinator;
    private final Consumer<Status> endSlaveStreams;
    private final HandoverProperties properties;

    public GracefulHandover(RoleState role, WriteDrain drain, InSyncTracker inSync, HeartbeatLoop heartbeat,
                            ServerMeta meta, ServerIdentity self, CoordinatorGrpc.CoordinatorBlockingStub coordinator,
                            Consumer<Status> endSlaveStreams, HandoverProperties properties) {
        this.role = role;
        this.drain = drain;
        this.inSync = inSync;
        this.heartbeat = heartbeat;
        this.meta = meta;
        this.self = self;
        this.coordinator = coordinator;
        this.endSlaveStreams = endSlaveStreams;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        try {
            handOver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted during the hand-over; the master lock moves when this server's session times out");
        }
    }

    /** Returns the new master's server id, or empty when the lock was not handed over. */
    Optional<Integer> handOver() throws InterruptedException {
        if (!role.leaseValid()) {
            log.info("Stopping as {} without a valid master lease: no master lock to hand over", role.current().role());
            return Optional.empty();
        }
        long epoch = role.current().epoch();
        long started = System.nanoTime();
        if (!drain.closeAndAwaitIdle(properties.drainTimeout())) {
            log.warn("Client writes still running after {}; handing over anyway (they answer unknown-outcome)",
                    properties.drainTimeout());
        }
        Optional<String> successor = inSync.awaitSuccessor(properties.catchUpTimeout());
        if (successor.isEmpty()) {
            log.warn("Stopping master at epoch {} without a confirmed in-sync slave: the lock stays with this "
                    + "server's data until it returns (only it holds every acknowledged write)", epoch);
            return Optional.empty();
        }
        heartbeat.stop();
        role.releaseLease();
        try {
            HandOverResponse answer = coordinator
                    .withDeadlineAfter(properties.callDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .handOver(HandOverRequest.newBuilder().setServer(self).setEpoch(epoch)
                            .setSuccessorUid(successor.get()).build());
            meta.recordMasterEpoch(0);
            int next = answer.getMaster().getServerId();
            log.info("Handed the master lock over to server {} at epoch {} in {} ms", next,
                    answer.getMaster().getEpoch(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            endSlaveStreams.accept(Status.UNAVAILABLE.withDescription("handed-over: server " + next
                    + " is master at epoch " + answer.getMaster().getEpoch()));
            return Optional.of(next);
        } catch (StatusRuntimeException e) {
            log.warn("Hand-over not done ({}); the master lock moves when this server's session times out",
                    e.getStatus());
            return Optional.empty();
        }
    }
}

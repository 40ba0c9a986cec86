package sns.timeline.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.ClusterMaster;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.Member;
import sns.api.v1.Role;
import sns.api.v1.ServerIdentity;
import sns.api.v1.Topology;
import sns.timeline.store.EventStore;

/**
 * The server's side of the heartbeat against a scripted coordinator (in-process gRPC): what it
 * claims about its lock and its in-sync membership, and when it stops claiming it.
 */
class HeartbeatLoopTest {

    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(500);

    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z"));

    @TempDir
    Path data;
    private final ScriptedCoordinator coordinator = new ScriptedCoordinator();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean caughtUp = new AtomicBoolean(true);
    private Server server;
    private ManagedChannel channel;
    private EventStore store;
    private ServerIdentity self;
    private HeartbeatLoop loop;

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(coordinator).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        store = EventStore.open(data, WALL);
        self = ServerIdentity.newBuilder().setClusterId(1).setServerId(2).setAddress("localhost:10001")
                .setServerUid(store.serverUid()).build();
        loop = new HeartbeatLoop(CoordinatorGrpc.newBlockingStub(channel), () -> self, store.meta(),
                new RoleState(nanos::get, store.meta().epochFence()), Set::of, caughtUp::get, nanos::get, WALL,
                Duration.ofMillis(500), Duration.ofMillis(250), () -> { });
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        store.close();
    }

    @Test
    void theFirstHeartbeatMayTakeASecondToConnectAndLaterOnesLessThanTheInterval() {
        loop.beat();
        long first = coordinator.lastDeadlineMillis;
        loop.beat();
        long later = coordinator.lastDeadlineMillis;

        assertThat(first).isBetween(401L, 1_000L);
        assertThat(later).isBetween(1L, 400L);
    }

    @Test
    void aSlaveToldAtItsEpochThatItLeftTheInSyncSetNoLongerClaimsItWasInSync() {
        coordinator.answer(slave(3, true));
        loop.beat();
        coordinator.answer(slave(3, false));
        loop.beat();

        loop.beat();

        assertThat(coordinator.last.getWasInSync()).isFalse();
    }

    @Test
    void aMasterToldAtItsEpochThatItIsASlaveNoLongerClaimsTheLock() {
        coordinator.answer(master(3));
        loop.beat();
        coordinator.answer(slave(3, false));
        loop.beat();

        loop.beat();

        assertThat(coordinator.last.getHoldsLock()).isFalse();
    }

    @Test
    void aPendingAnswerDuringRestartRecoveryKeepsBothClaims() {
        coordinator.answer(slave(3, true));
        loop.beat();
        coordinator.answer(pending(3));
        loop.beat();
        loop.beat();
        assertThat(coordinator.last.getWasInSync()).as("was in sync at 3").isTrue();

        coordinator.answer(master(4));
        loop.beat();
        loop.beat();
        assertThat(coordinator.last.getHoldsLock()).as("holds the lock at 4").isTrue();
    }

    @Test
    void aSlaveThatLostItsMastersStreamBeatsEveryQuarterIntervalUntilItIsGrantedTheLock() {
        coordinator.answer(slave(3, true));
        assertThat(loop.beatOnce()).as("a new role: at once").isZero();
        assertThat(loop.beatOnce()).isEqualTo(INTERVAL);

        caughtUp.set(false);
        loop.masterStreamEnded();
        assertThat(loop.beatOnce()).isEqualTo(INTERVAL / 4);
        assertThat(loop.beatOnce()).isEqualTo(INTERVAL / 4);

        coordinator.answer(master(4));
        assertThat(loop.beatOnce()).as("a new role: at once").isZero();
        assertThat(loop.beatOnce()).isEqualTo(INTERVAL);
    }

    @Test
    void theQuarterIntervalBeatsEndWhenTheSlaveIsCaughtUpAgainOrAfterTenIntervals() {
        coordinator.answer(slave(3, true));
        loop.beatOnce();
        loop.beatOnce();
        caughtUp.set(false);
        loop.masterStreamEnded();
        for (int beat = 0; beat < 40; beat++) {
            assertThat(loop.beatOnce()).isEqualTo(INTERVAL / 4);
        }
        assertThat(loop.beatOnce()).isEqualTo(INTERVAL);

        loop.masterStreamEnded();
        assertThat(loop.beatOnce()).isEqualTo(INTERVAL / 4);
        caughtUp.set(true);
        assertThat(loop.beatOnce()).as("subscribed again and caught up").isEqualTo(INTERVAL);
    }

    private Topology.Builder answer(Role role, long epoch) {
        return Topology.newBuilder().setRole(role).setEpoch(epoch).setLeaseMillis(role == Role.ROLE_MASTER ? 1350 : 0)
                .setCoordinatorTimeMillis(WALL.millis()).setHeartbeatIntervalMillis(500).setMissedHeartbeats(3);
    }

    private Topology.Builder slave(long epoch, boolean inSync) {
        return answer(Role.ROLE_SLAVE, epoch)
                .setMaster(ClusterMaster.newBuilder().setClusterId(1).setServerId(1).setAddress("localhost:10000")
                        .setServerUid("uid-master").setEpoch(epoch).setReady(true))
                .addMembers(Member.newBuilder().setServerId(1).setServerUid("uid-master").setRole(Role.ROLE_MASTER))
                .addMembers(Member.newBuilder().setServerId(2).setServerUid(self.getServerUid())
                        .setRole(Role.ROLE_SLAVE).setInSync(inSync));
    }

    private Topology.Builder master(long epoch) {
        return answer(Role.ROLE_MASTER, epoch)
                .addMembers(Member.newBuilder().setServerId(2).setServerUid(self.getServerUid())
                        .setRole(Role.ROLE_MASTER));
    }

    private Topology.Builder pending(long epoch) {
        return answer(Role.ROLE_PENDING, epoch);
    }

    /** Answers every heartbeat with the scripted topology (echoing its sequence) and keeps the last request. */
    private static final class ScriptedCoordinator extends CoordinatorGrpc.CoordinatorImplBase {
        private volatile Topology.Builder next = Topology.newBuilder().setRole(Role.ROLE_PENDING);
        private volatile HeartbeatRequest last;
        private volatile long lastDeadlineMillis = -1;

        void answer(Topology.Builder topology) {
            next = topology;
        }

        @Override
        public void heartbeat(HeartbeatRequest request, StreamObserver<Topology> observer) {
            last = request;
            Deadline deadline = Context.current().getDeadline();
            lastDeadlineMillis = deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS);
            observer.onNext(next.clone().setHeartbeatSequence(request.getSequence()).build());
            observer.onCompleted();
        }
    }
}

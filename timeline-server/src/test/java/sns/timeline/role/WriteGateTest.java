package sns.timeline.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.Event;
import sns.api.v1.UserRegistered;
import sns.timeline.social.SocialException;
import sns.timeline.store.EventStore;

/** The gate on a real store, as a master whose lease never runs out (its clock stands still). */
class WriteGateTest {

    private static final ReplicationBarrier NO_REPLICAS = new ReplicationBarrier() {
        @Override
        public void requireEnoughReplicas() {}

        @Override
        public CompletableFuture<Void> replicated(long seq, Duration limit) {
            return CompletableFuture.completedFuture(null);
        }
    };

    @TempDir
    Path dir;
    private EventStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aWriteWhoseCallWasCancelledBeforeTheWriterReachedItIsNotStored() {
        store = EventStore.open(dir, InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z")));
        RoleState role = new RoleState(() -> 0L, 1);
        role.update(new RoleSnapshot(ServerRole.MASTER, 1, 1_000_000_000L, true, Optional.empty()));
        WriteGate gate = new WriteGate(role, store, Duration.ofSeconds(5), new SimpleMeterRegistry().timer("t"),
                NO_REPLICAS, new AcknowledgedSeq(0), new WriteDrain());
        AtomicBoolean ran = new AtomicBoolean();
        Context.CancellableContext call = Context.current().withCancellation();
        call.cancel(null);

        call.run(() -> assertThatThrownBy(() -> gate.execute(tx -> {
            ran.set(true);
            return tx.append(Event.newBuilder().setIdempotencyKey(ByteString.copyFromUtf8("k"))
                    .setUserRegistered(UserRegistered.newBuilder().setUserId("u").setUsername("gone")));
        })).isInstanceOfSatisfying(SocialException.class,
                e -> assertThat(e.kind()).isEqualTo(SocialException.Kind.CANCELLED)));

        assertThat(ran).isFalse();
        assertThat(store.committed().userByName("gone")).isEmpty();
        String after = gate.execute(tx -> "still writes");
        assertThat(after).isEqualTo("still writes");
    }

    @Test
    void aClosedDrainRefusesNewWritesAsNotMasterAndWaitsForTheAdmittedOne() throws Exception {
        store = EventStore.open(dir, InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z")));
        RoleState role = new RoleState(() -> 0L, 1);
        role.update(new RoleSnapshot(ServerRole.MASTER, 1, 1_000_000_000L, true, Optional.empty()));
        CompletableFuture<Void> replicated = new CompletableFuture<>();
        CountDownLatch admitted = new CountDownLatch(1);
        ReplicationBarrier slowReplica = new ReplicationBarrier() {
            @Override
            public void requireEnoughReplicas() {
                admitted.countDown();
            }

            @Override
            public CompletableFuture<Void> replicated(long seq, Duration limit) {
                return replicated;
            }
        };
        WriteDrain drain = new WriteDrain();
        WriteGate gate = new WriteGate(role, store, Duration.ofSeconds(5), new SimpleMeterRegistry().timer("t"),
                slowReplica, new AcknowledgedSeq(0), drain);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> gate.execute(tx -> "first"));
        admitted.await();
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return drain.closeAndAwaitIdle(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(drain::isClosed);

        assertThatThrownBy(() -> gate.execute(tx -> "second")).isInstanceOfSatisfying(SocialException.class,
                e -> assertThat(e.kind()).isEqualTo(SocialException.Kind.NOT_MASTER));
        assertThat(idle).isNotDone();
        replicated.complete(null);
        assertThat(inFlight.get()).isEqualTo("first");
        assertThat(idle.get()).isTrue();
    }

    @Test
    void aReleasedLeaseNeverBecomesValidAgain() {
        RoleState role = new RoleState(() -> 0L, 1);
        role.update(new RoleSnapshot(ServerRole.MASTER, 1, 1_000_000_000L, true, Optional.empty()));
        assertThat(role.leaseValid()).isTrue();

        role.releaseLease();
        role.update(new RoleSnapshot(ServerRole.MASTER, 1, 2_000_000_000L, true, Optional.empty()));

        assertThat(role.leaseValid()).isFalse();
    }
}

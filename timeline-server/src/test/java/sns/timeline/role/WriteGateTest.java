package sns.timeline.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
        store.close();
    }

    @Test
    void aWriteWhoseCallWasCancelledBeforeTheWriterReachedItIsNotStored() {
        store = EventStore.open(dir, InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z")));
        RoleState role = new RoleState(() -> 0L, 1);
        role.update(new RoleSnapshot(ServerRole.MASTER, 1, 1_000_000_000L, true, Optional.empty()));
        WriteGate gate = new WriteGate(role, store, Duration.ofSeconds(5), new SimpleMeterRegistry().timer("t"),
                NO_REPLICAS, new AcknowledgedSeq(0));
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
}

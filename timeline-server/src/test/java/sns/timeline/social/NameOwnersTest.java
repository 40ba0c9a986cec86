package sns.timeline.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.Event;
import sns.api.v1.UserRegistered;
import sns.timeline.store.EventStore;

/** Remembered name owners on a real store: a registration that takes the name over is seen at once. */
class NameOwnersTest {

    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2026-11-25T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void aRememberedOwnerLosesTheNameToAnEarlierConcurrentRegistration() throws Exception {
        try (EventStore store = EventStore.open(dir, WALL)) {
            NameOwners owners = new NameOwners(store.committed());
            store.onCommitted(owners::onCommitted);

            assertThat(owners.owns("late-id", "ann")).isEmpty();
            apply(store, registration("B", 1, 200, "late-id", "ann"));
            assertThat(owners.owns("late-id", "ann")).contains(true);
            assertThat(owners.owns("late-id", "ann")).as("answered from memory").contains(true);

            apply(store, registration("A", 1, 100, "early-id", "ann"));

            // the write's future completes just before the commit's listeners run
            await().untilAsserted(() -> assertThat(owners.owns("late-id", "ann")).contains(false));
            assertThat(owners.owns("early-id", "ann")).contains(true);
        }
    }

    @Test
    void userNamesAnswerForKnownIdsAndMarkUnknownOnes() throws Exception {
        try (EventStore store = EventStore.open(dir, WALL)) {
            UserNames names = new UserNames(store.committed());
            assertThat(names.of("ann-id")).isEqualTo("?ann-id");
            apply(store, registration("A", 1, 100, "ann-id", "ann"));
            assertThat(names.of("ann-id")).isEqualTo("ann");
        }
    }

    private static void apply(EventStore store, Event event) throws Exception {
        assertThat(store.write(tx -> tx.apply(event)).get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Event registration(String origin, long seq, long hlc, String userId, String name) {
        return Event.newBuilder().setOriginUid(origin).setSeq(seq).setHlc(hlc)
                .setIdempotencyKey(ByteString.copyFromUtf8(origin + seq))
                .setUserRegistered(UserRegistered.newBuilder().setUserId(userId).setUsername(name))
                .build();
    }
}

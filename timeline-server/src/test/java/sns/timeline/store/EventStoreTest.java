package sns.timeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.Event;
import sns.api.v1.Followed;
import sns.api.v1.Posted;
import sns.api.v1.UserRegistered;

/** The store on real RocksDB files in a temporary directory. */
class EventStoreTest {

    @TempDir
    Path dir;
    private final InstantSource wall = InstantSource.fixed(Instant.parse("2026-11-25T00:00:00Z"));
    private EventStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void everyCommitIsASyncedWrite() {
        assertThat(RocksStore.durableWriteOptions().sync()).isTrue();
        try (RocksStore rocks = new RocksStore(dir.resolve("probe"))) {
            assertThat(rocks.syncWrites().sync()).isTrue();
        }
    }

    @Test
    void appendAssignsDenseSeqsAndIncreasingHlcs() throws Exception {
        store = EventStore.open(dir, wall);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Event.Builder body = user("u" + i, "name" + i);
            events.add(write(tx -> tx.append(body)));
        }

        assertThat(events).extracting(Event::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(Event::getHlc).isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(Event::getOriginUid).containsOnly(store.serverUid());
        assertThat(store.committed().highestContiguousSeq(store.serverUid())).isEqualTo(5);
    }

    @Test
    void aFailedTransactionLeavesNothingBehindAndItsSeqIsReused() throws Exception {
        store = EventStore.open(dir, wall);
        write(tx -> tx.append(user("u1", "first")));

        CompletableFuture<Event> failing = store.write(tx -> {
            tx.append(user("u2", "doomed"));
            throw new IllegalStateException("refused after appending");
        });
        assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        Event next = write(tx -> tx.append(user("u3", "third")));

        assertThat(next.getSeq()).isEqualTo(2);
        assertThat(store.committed().userByName("doomed")).isEmpty();
        assertThat(store.committed().user("u2")).isEmpty();
    }

    @Test
    void transactionsOfOneGroupSeeEachOthersWrites() throws Exception {
        store = EventStore.open(dir, wall);
        List<CompletableFuture<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "u" + i;
            claims.add(store.write(tx -> {
                if (tx.userByName("contested").isPresent()) {
                    return false;
                }
                tx.append(user(id, "contested"));
                return true;
            }));
        }
        long winners = 0;
        for (CompletableFuture<Boolean> claim : claims) {
            winners += claim.get(5, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void theCommittedVersionVectorMovesWithEachCommitOnlyAndMatchesWhatIsStored() throws Exception {
        store = EventStore.open(dir, wall);
        String self = store.serverUid();
        CountDownLatch release = holdTheWriter();
        CompletableFuture<Event> own = store.write(tx -> tx.append(user("v1", "own")));
        CompletableFuture<Boolean> beyondAGap = store.write(tx -> tx.apply(replicated("other", 3)));
        CompletableFuture<Event> failing = store.write(tx -> {
            tx.apply(replicated("third", 1));
            throw new IllegalStateException("refused after applying");
        });
        CompletableFuture<Long> seenInTheGroup = store.write(tx -> {
            tx.apply(replicated("other", 1));
            return tx.highestContiguousSeq("other");
        });
        assertThat(store.committed().versionVector()).as("before the group commits").isEmpty();

        release.countDown();
        assertThat(own.get(5, TimeUnit.SECONDS).getSeq()).isEqualTo(2);
        assertThat(beyondAGap.get(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(seenInTheGroup.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(store.committed().versionVector()).containsExactlyInAnyOrderEntriesOf(Map.of(self, 2L, "other", 1L));

        assertThat(store.write(tx -> tx.apply(replicated("other", 2))).get(5, TimeUnit.SECONDS)).isTrue();
        Map<String, Long> afterTheGapFilled = store.committed().versionVector();
        assertThat(afterTheGapFilled).containsEntry("other", 3L);
        assertThat(store.committed().highestContiguousSeq("other")).isEqualTo(3);
        store.close();
        store = EventStore.open(dir, wall);
        assertThat(store.committed().versionVector()).as("as stored").isEqualTo(afterTheGapFilled);
    }

    @Test
    void aRestartRecoversEverythingAndTheClockGoesOnFromTheLog() throws Exception {
        store = EventStore.open(dir, wall);
        String uid = store.serverUid();
        Event last = null;
        for (int i = 0; i < 3; i++) {
            Event.Builder body = user("u" + i, "n" + i);
            last = write(tx -> tx.append(body));
        }
        store.meta().raiseEpochFence(7);
        store.close();

        InstantSource behind = InstantSource.fixed(Instant.parse("2020-01-01T00:00:00Z"));
        store = EventStore.open(dir, behind);
        Event after = write(tx -> tx.append(user("u9", "n9")));

        assertThat(store.serverUid()).isEqualTo(uid);
        assertThat(store.meta().epochFence()).isEqualTo(7);
        assertThat(store.committed().usersByName()).hasSize(4);
        assertThat(after.getSeq()).isEqualTo(4);
        assertThat(after.getHlc()).isGreaterThan(last.getHlc());
    }

    @Test
    void theEpochFenceNeverGoesDown() {
        store = EventStore.open(dir, wall);
        assertThat(store.meta().raiseEpochFence(5)).isEqualTo(5);
        assertThat(store.meta().raiseEpochFence(3)).isEqualTo(5);
        assertThat(store.meta().epochFence()).isEqualTo(5);
    }

    @Test
    void aFullQueueShedsClientWritesButNeverTheServersOwn() throws Exception {
        store = EventStore.open(dir, wall, 2);
        CountDownLatch release = holdTheWriter();

        CompletableFuture<Event> first = store.writeFor(tx -> tx.append(user("q1", "queued1")), () -> false);
        CompletableFuture<Event> second = store.writeFor(tx -> tx.append(user("q2", "queued2")), () -> false);
        CompletableFuture<Event> shed = store.writeFor(tx -> tx.append(user("q3", "shed")), () -> false);
        CompletableFuture<Event> replicated = store.write(tx -> tx.append(user("q4", "own")));

        assertThat(shed).isCompletedExceptionally();
        assertThatThrownBy(shed::join).hasCauseInstanceOf(StoreOverloadedException.class);
        release.countDown();
        assertThat(List.of(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS),
                replicated.get(5, TimeUnit.SECONDS))).extracting(e -> e.getUserRegistered().getUsername())
                .containsExactly("queued1", "queued2", "own");
        assertThat(store.committed().userByName("shed")).isEmpty();
        assertThat(store.writeFor(tx -> tx.append(user("q5", "later")), () -> false).get(5, TimeUnit.SECONDS)
                .getSeq()).as("room again once the writer drained the queue").isEqualTo(5);
    }

    @Test
    void aWriteWhoseCallerGaveUpBeforeTheWriterReachedItDoesNotRun() throws Exception {
        store = EventStore.open(dir, wall);
        CountDownLatch release = holdTheWriter();
        AtomicBoolean callerGone = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();

        CompletableFuture<Event> abandoned = store.writeFor(tx -> {
            ran.set(true);
            return tx.append(user("a1", "abandoned"));
        }, callerGone::get);
        CompletableFuture<Event> wanted = store.writeFor(tx -> tx.append(user("a2", "wanted")), () -> false);
        callerGone.set(true);
        release.countDown();

        assertThat(wanted.get(5, TimeUnit.SECONDS).getSeq()).isEqualTo(2);
        assertThatThrownBy(() -> abandoned.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WriteAbandonedException.class);
        assertThat(ran).isFalse();
        assertThat(store.committed().userByName("abandoned")).isEmpty();
    }

    @Test
    void aPostLivesOnceInTheLogAndItsIdPointsThere() throws Exception {
        store = EventStore.open(dir, wall);
        Event posted = write(tx -> tx.append(post("p1", "author").setPosted(Posted.newBuilder().setPostId("p1")
                .setAuthorId("author").setText("x".repeat(200)))));
        assertThat(store.committed().post("p1")).contains(posted);
        assertThat(store.committed().allPosts()).containsExactly(posted);
        store.close();
        store = null;

        try (RocksStore rocks = new RocksStore(dir)) {
            assertThat(rocks.get(Column.POSTS, Keys.of("p1")))
                    .isEqualTo(PostReference.to(posted))
                    .hasSizeLessThan(posted.getSerializedSize() / 4);
        }
    }

    @Test
    void postsStoredWholeByEarlierVersionsStillRead() throws Exception {
        Event legacy = post("old", "author").setOriginUid("A").setSeq(1).setHlc(wall.millis() << 16).build();
        try (RocksStore rocks = new RocksStore(dir)) {
            rocks.putSynced(Column.EVENTS, Keys.event("A", 1), legacy.toByteArray());
            rocks.putSynced(Column.POSTS, Keys.of("old"), legacy.toByteArray());
        }
        store = EventStore.open(dir, wall);

        assertThat(store.committed().post("old")).contains(legacy);
        assertThat(store.committed().allPosts()).containsExactly(legacy);
    }

    /** Occupies the writer thread (seq 1) until the returned latch is released. */
    private CountDownLatch holdTheWriter() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.write(tx -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tx.append(user("h", "holder"));
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private Event write(Transaction<Event> transaction) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        return store.write(transaction).get(5, TimeUnit.SECONDS);
    }

    private Event replicated(String origin, long seq) {
        return user(origin + "-" + seq, origin + "-name-" + seq).setOriginUid(origin).setSeq(seq)
                .setHlc(wall.millis() << 16).build();
    }

    static Event.Builder user(String id, String name) {
        return Event.newBuilder().setIdempotencyKey(ByteString.copyFromUtf8("k-" + id))
                .setUserRegistered(UserRegistered.newBuilder().setUserId(id).setUsername(name).setPasswordHash("h"));
    }

    static Event.Builder follow(String follower, String followee) {
        return Event.newBuilder().setIdempotencyKey(ByteString.copyFromUtf8("f-" + follower + followee))
                .setFollowed(Followed.newBuilder().setFollowerId(follower).setFolloweeId(followee));
    }

    static Event.Builder post(String id, String author) {
        return Event.newBuilder().setIdempotencyKey(ByteString.copyFromUtf8("p-" + id))
                .setPosted(Posted.newBuilder().setPostId(id).setAuthorId(author).setText("text " + id));
    }
}

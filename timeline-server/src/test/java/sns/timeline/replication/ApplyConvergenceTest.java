package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.DigestResponse;
import sns.api.v1.Event;
import sns.api.v1.Followed;
import sns.api.v1.Posted;
import sns.api.v1.Unfollowed;
import sns.api.v1.UserRegistered;
import sns.timeline.store.EventStore;

/** Replicated events on real stores: any order, any duplication, the same state. */
class ApplyConvergenceTest {

    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2026-11-25T00:00:00Z"));

    @TempDir
    Path dir;
    private int stores;

    @Test
    void duplicatesReorderingAndAFollowBeforeItsUserGiveTheSameState() throws Exception {
        List<Event> history = List.of(
                user("A", 1, 100, "alice-id", "alice"),
                user("A", 2, 110, "bob-id", "bob"),
                follow("B", 1, 120, "alice-id", "bob-id"),
                post("A", 3, 130, "p1", "bob-id"),
                post("B", 2, 140, "p2", "alice-id"),
                unfollow("A", 4, 150, "alice-id", "bob-id"),
                follow("B", 3, 160, "alice-id", "bob-id"));
        DigestResponse reference = applyAll(history);

        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            List<Event> shuffled = new ArrayList<>(history);
            shuffled.addAll(history.subList(0, 3));
            Collections.shuffle(shuffled, random);
            assertThat(applyAll(shuffled)).as("round %d: %s", round, shuffled.stream()
                    .map(e -> e.getOriginUid() + e.getSeq()).toList()).isEqualTo(reference);
        }
        List<Event> followFirst = new ArrayList<>(history);
        Collections.reverse(followFirst);
        assertThat(applyAll(followFirst)).isEqualTo(reference);
        assertThat(reference.getUsers()).isEqualTo(2);
        assertThat(reference.getFollowEdges()).isEqualTo(1);
        assertThat(reference.getPosts()).isEqualTo(2);
    }

    @Test
    void concurrentFollowAndUnfollowOfOnePairConvergeToTheLastWriter() throws Exception {
        Event followAtB = follow("B", 1, 500, "x", "y");
        Event unfollowAtA = unfollow("A", 1, 500, "x", "y");

        DigestResponse oneWay = applyAll(List.of(followAtB, unfollowAtA));
        DigestResponse otherWay = applyAll(List.of(unfollowAtA, followAtB));

        assertThat(oneWay).isEqualTo(otherWay);
        assertThat(oneWay.getFollowEdges()).as("same hlc: origin B > A wins, and B followed").isEqualTo(1);
    }

    @Test
    void aNameRegisteredAtTwoClustersBelongsToTheEarliestRegistrationEverywhere() throws Exception {
        Event early = user("B", 1, 200, "early-id", "dora");
        Event late = user("A", 1, 300, "late-id", "dora");

        try (EventStore one = store(); EventStore two = store()) {
            apply(one, List.of(early, late));
            apply(two, List.of(late, early));
            for (EventStore store : List.of(one, two)) {
                assertThat(store.committed().userByName("dora").orElseThrow().getUserRegistered().getUserId())
                        .isEqualTo("early-id");
            }
        }
    }

    @Test
    void theVersionVectorCountsOnlyAContiguousPrefix() throws Exception {
        try (EventStore store = store()) {
            apply(store, List.of(user("A", 2, 20, "u2", "two"), user("A", 3, 30, "u3", "three")));
            assertThat(store.committed().highestContiguousSeq("A")).isZero();

            apply(store, List.of(user("A", 1, 10, "u1", "one")));
            assertThat(store.committed().highestContiguousSeq("A")).isEqualTo(3);
        }
    }

    @Test
    void theSamePostArrivingFromTwoOriginsIsStoredOnce() throws Exception {
        DigestResponse digest = applyAll(List.of(post("A", 1, 100, "same", "author"),
                post("B", 1, 90, "same", "author")));
        assertThat(digest.getPosts()).isEqualTo(1);
    }

    private DigestResponse applyAll(List<Event> events) throws Exception {
        try (EventStore store = store()) {
            for (Event event : events) {
                apply(store, List.of(event));
            }
            DigestResponse digest = StateDigest.of(store.committed());
            return digest.toBuilder().clearApplied().build();
        }
    }

    private static void apply(EventStore store, List<Event> events) throws Exception {
        store.write(tx -> {
            events.forEach(tx::apply);
            return null;
        }).get(5, TimeUnit.SECONDS);
    }

    private EventStore store() {
        return EventStore.open(dir.resolve("store-" + stores++), WALL);
    }

    private static Event.Builder base(String origin, long seq, long hlc) {
        return Event.newBuilder().setOriginUid(origin).setSeq(seq).setHlc(hlc)
                .setIdempotencyKey(ByteString.copyFromUtf8(origin + seq));
    }

    static Event user(String origin, long seq, long hlc, String id, String name) {
        return base(origin, seq, hlc).setUserRegistered(UserRegistered.newBuilder().setUserId(id).setUsername(name)
                .setPasswordHash("hash")).build();
    }

    static Event follow(String origin, long seq, long hlc, String follower, String followee) {
        return base(origin, seq, hlc).setFollowed(Followed.newBuilder().setFollowerId(follower)
                .setFolloweeId(followee)).build();
    }

    static Event unfollow(String origin, long seq, long hlc, String follower, String followee) {
        return base(origin, seq, hlc).setUnfollowed(Unfollowed.newBuilder().setFollowerId(follower)
                .setFolloweeId(followee)).build();
    }

    static Event post(String origin, long seq, long hlc, String id, String author) {
        return base(origin, seq, hlc).setPosted(Posted.newBuilder().setPostId(id).setAuthorId(author)
                .setText("text")).build();
    }
}

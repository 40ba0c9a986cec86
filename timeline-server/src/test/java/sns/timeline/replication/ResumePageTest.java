package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static sns.timeline.replication.ApplyConvergenceTest.follow;
import static sns.timeline.replication.ApplyConvergenceTest.post;
import static sns.timeline.replication.ApplyConvergenceTest.user;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.Event;
import sns.timeline.role.AcknowledgedSeq;
import sns.timeline.social.Caller;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;
import sns.timeline.store.EventStore;

/**
 * A page of a resume's replay on real RocksDB: an author's posts that this master has stored but
 * not yet acknowledged are left out (they arrive live once acknowledged), and they never push the
 * author's later, showable posts out of the page.
 */
class ResumePageTest {

    @TempDir
    Path dir;

    @Test
    void postsNotYetAcknowledgedDoNotHideTheAuthorsLaterPostsFromAPage() throws Exception {
        try (EventStore store = EventStore.open(dir, InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z")))) {
            String local = store.serverUid();
            apply(store, List.of(
                    user("A", 1, 100, "alice-id", "alice"),
                    user("A", 2, 110, "bob-id", "bob"),
                    follow("A", 3, 120, "alice-id", "bob-id"),
                    // bob's posts stored by this master but not acknowledged yet (acknowledged seq is 0)...
                    post(local, 1, 200, "unacknowledged-1", "bob-id"),
                    post(local, 2, 210, "unacknowledged-2", "bob-id"),
                    // ... and his later posts made at the other cluster, applied here: showable
                    post("B", 1, 220, "from-b-1", "bob-id"),
                    post("B", 2, 230, "from-b-2", "bob-id")));
            // only the store and the acknowledged seq take part in a replay page
            SocialService social = new SocialService(store, null, null, null, new AcknowledgedSeq(0));

            List<TimelinePost> page = social.timelinePage(new Caller("alice-id", "alice"), 150, "", 2);

            assertThat(page).extracting(TimelinePost::postId).containsExactly("from-b-1", "from-b-2");
        }
    }

    private static void apply(EventStore store, List<Event> events) throws Exception {
        store.write(tx -> {
            events.forEach(tx::apply);
            return null;
        }).get(5, TimeUnit.SECONDS);
    }
}

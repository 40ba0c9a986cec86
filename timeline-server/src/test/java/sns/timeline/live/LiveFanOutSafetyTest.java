package sns.timeline.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import sns.timeline.auth.TokenService;
import sns.timeline.social.TimelinePost;
import sns.timeline.store.EventStore;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/**
 * A follower's live stream on the master shows a post only once it is acknowledged-safe (durable on
 * every in-sync replica), so no follower sees a post that a failover can still lose.
 */
class LiveFanOutSafetyTest extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aPostReachesLiveStreamsOnlyAfterTheInSyncSlaveHasItDurably() throws Exception {
        cluster = new LocalCluster(data, 1, "--sns.replication.ack-timeout=60s");
        var pair = cluster.startMasterAndInSyncSlave(1);
        ServerNode master = pair.master();
        String authorToken = signUp(master, "author");
        String readerToken = signUp(master, "reader");
        follow(master, readerToken, "author");
        String readerId = master.bean(TokenService.class).verify(readerToken).userId();
        List<TimelinePost> seenLive = new CopyOnWriteArrayList<>();
        master.bean(LiveFeed.class).subscribe(readerId, seenLive::add);

        CountDownLatch slaveDiskStuck = new CountDownLatch(1);
        pair.slave().bean(EventStore.class).write(tx -> {
            awaitQuietly(slaveDiskStuck);
            return null;
        });
        CompletableFuture<String> acknowledged;
        try {
            acknowledged = CompletableFuture.supplyAsync(
                    () -> post(master, authorToken, "not yet on the slave").getPostId());
            EventStore masterStore = master.bean(EventStore.class);
            await().atMost(WAIT).until(() -> masterStore.committed().allPosts().size() == 1);
            masterStore.write(tx -> null).join(); // the writer has announced the commit to the live feed
            master.bean(LiveFeed.class).idle().join(); // which has handled it

            assertThat(acknowledged).isNotDone();
            assertThat(seenLive).as("shown live before the in-sync slave has it").isEmpty();
        } finally {
            slaveDiskStuck.countDown();
        }
        String postId = acknowledged.get();
        await().atMost(WAIT).until(() -> seenLive.stream().anyMatch(p -> p.postId().equals(postId)));
        assertThat(seenLive).hasSize(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

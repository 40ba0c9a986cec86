package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sns.timeline.auth.TokenService;
import sns.timeline.role.ServerRole;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;
import sns.timeline.store.EventStore;
import sns.timeline.testing.BlackHoleProxy;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/**
 * A master that committed a post it could not acknowledge, and was then cut from the coordinator
 * and superseded, shows that post once it follows the new master, which holds it (and may have
 * confirmed it to a client retrying with the same key). Before, it hid its own post forever.
 */
class DemotedMasterTest extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private final AtomicReference<BlackHoleProxy> coordinatorLink = new AtomicReference<>();

    @AfterEach
    void closeProxy() {
        if (coordinatorLink.get() != null) {
            coordinatorLink.get().close();
        }
    }

    @Test
    void aDemotedMasterShowsItsUnacknowledgedPostOnceItsSuccessorHoldsIt() throws Exception {
        cluster = new LocalCluster(data, 1, "--sns.replication.ack-timeout=60s", "--sns.timeline.commit-timeout=1s",
                "--sns.replication.keep-alive-time=5s", "--sns.replication.keep-alive-timeout=1s");
        coordinatorLink.set(new BlackHoleProxy(cluster.coordinatorPort()));
        ServerNode master = cluster.awaitMaster(cluster.startWithCoordinatorAt(1, 1, coordinatorLink.get().address()));
        ServerNode slave = cluster.awaitRole(cluster.start(1, 2), ServerRole.SLAVE);
        await().atMost(WAIT).until(() -> master.confirmsInSync(2));
        String authorToken = signUp(master, "author");
        String readerToken = signUp(master, "reader");
        follow(master, readerToken, "author");

        CountDownLatch slaveDiskStuck = new CountDownLatch(1);
        slave.bean(EventStore.class).write(tx -> {
            awaitQuietly(slaveDiskStuck);
            return null;
        });
        try {
            assertThatThrownBy(() -> post(master, authorToken, "committed, never acknowledged by its master"))
                    .as("the in-sync slave did not confirm it within the commit timeout")
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            slaveDiskStuck.countDown();
        }
        String postId = master.bean(EventStore.class).committed().allPosts().get(0).getPosted().getPostId();
        await().atMost(WAIT).until(() -> slave.bean(EventStore.class).committed().post(postId).isPresent());

        coordinatorLink.get().blackHole();
        cluster.awaitMaster(slave);
        assertThat(timelineOf(slave, readerToken)).as("the successor shows what it holds").contains(postId);
        assertThat(timelineOf(master, readerToken)).as("its origin still hides it: never acknowledged")
                .doesNotContain(postId);

        coordinatorLink.get().restore();
        await().atMost(WAIT).until(() -> master.role().current().role() == ServerRole.SLAVE
                && master.role().current().epoch() == slave.role().current().epoch());
        await().atMost(WAIT).until(() -> timelineOf(master, readerToken).contains(postId));
    }

    private static List<String> timelineOf(ServerNode node, String token) {
        SocialService social = node.bean(SocialService.class);
        var caller = social.authenticate(node.bean(TokenService.class).verify(token));
        return social.latestTimeline(caller).stream().map(TimelinePost::postId).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

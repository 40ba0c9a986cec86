package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.digest;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.LoginRequest;
import sns.api.v1.Post;
import sns.timeline.role.ServerRole;
import sns.timeline.store.EventStore;
import sns.timeline.testing.Clients;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;
import sns.timeline.testing.TimelineProbe;

/** Two clusters of two real servers each: every write reaches every server. */
class ConvergenceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int ROUNDS = 15;

    @TempDir
    static Path data;
    static LocalCluster cluster;
    static ServerNode master1;
    static ServerNode slave1;
    static ServerNode master2;
    static ServerNode slave2;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster(data, 2);
        master1 = cluster.awaitMaster(cluster.start(1, 1));
        master2 = cluster.awaitMaster(cluster.start(2, 1));
        slave1 = cluster.awaitRole(cluster.start(1, 2), ServerRole.SLAVE);
        slave2 = cluster.awaitRole(cluster.start(2, 2), ServerRole.SLAVE);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aWriteAcceptedAtClusterOneReachesAllFourServersWithEqualDigests() {
        String token = signUp(master1, "everywhere");
        Post post = post(master1, token, "seen on every server");

        for (ServerNode node : List.of(master1, slave1, master2, slave2)) {
            await().atMost(WAIT).until(() -> node.bean(EventStore.class).committed().post(post.getPostId()).isPresent());
        }
        await().atMost(WAIT).until(() -> {
            var reference = digest(master1);
            return List.of(slave1, master2, slave2).stream().allMatch(n -> digest(n).equals(reference));
        });
        assertThat(digest(slave2).getPosts()).isPositive();
    }

    @Test
    void aFollowerConnectedToClusterTwoReceivesLiveAPostWrittenAtClusterOne() {
        String authorToken = signUp(master1, "far_author");
        await().atMost(WAIT).until(() -> master2.bean(EventStore.class).committed().userByName("far_author")
                .isPresent());
        String reader = signUp(master2, "near_reader");
        follow(master2, reader, "far_author");

        try (TimelineProbe timeline = TimelineProbe.open(master2, reader)) {
            await().atMost(WAIT).until(timeline::isLive);
            Post post = post(master1, authorToken, "across clusters");
            await().atMost(WAIT).until(() -> timeline.posts().stream()
                    .anyMatch(p -> p.getPostId().equals(post.getPostId())));
        }
    }

    @Test
    void aUserRegisteredAtOneClusterCanLogInAtTheOther() {
        signUp(master2, "traveller");
        await().atMost(WAIT).until(() -> master1.bean(EventStore.class).committed().userByName("traveller")
                .isPresent());
        String token = Clients.anonymous(master1).login(LoginRequest.newBuilder().setUsername("traveller")
                .setPassword(Clients.PASSWORD).build()).getToken();
        assertThat(post(master1, token, "hello from cluster 1").getAuthor()).isEqualTo("traveller");
    }

    @Test
    void concurrentFollowAndUnfollowOfOnePairAtTwoClustersConvergeToOneState() throws Exception {
        String token = signUp(master1, "toggler");
        signUp(master1, "toggled");
        await().atMost(WAIT).until(() -> master2.bean(EventStore.class).committed().userByName("toggled")
                .isPresent());

        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<?> atCluster1 = writers.submit(() -> toggle(master1, token, "toggled", ROUNDS));
            Future<?> atCluster2 = writers.submit(() -> toggle(master2, token, "toggled", ROUNDS));
            atCluster1.get(1, TimeUnit.MINUTES);
            atCluster2.get(1, TimeUnit.MINUTES);
        } finally {
            writers.shutdownNow();
        }

        List<ServerNode> all = List.of(master1, slave1, master2, slave2);
        await().atMost(WAIT).until(() -> all.stream().map(ConvergenceTest::togglerState).distinct().count() == 1
                && all.stream().map(Clients::digest).distinct().count() == 1);
        assertThat(togglerState(slave2)).as("the pair has a state, the same event everywhere").isPresent();
    }

    /** Follows and unfollows in turn; refusals by local state (a concurrent write got there first) are fine. */
    private static void toggle(ServerNode node, String token, String username, int rounds) {
        for (int i = 0; i < rounds; i++) {
            try {
                if (i % 2 == 0) {
                    follow(node, token, username);
                } else {
                    Clients.unfollow(node, token, username);
                }
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isIn(Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION,
                        Status.Code.NOT_FOUND);
            }
        }
    }

    /** The winning FOLLOW or UNFOLLOW of toggler -> toggled on one server, by origin and seq. */
    private static Optional<String> togglerState(ServerNode node) {
        var state = node.bean(EventStore.class).committed();
        String follower = state.userByName("toggler").orElseThrow().getUserRegistered().getUserId();
        String followee = state.userByName("toggled").orElseThrow().getUserRegistered().getUserId();
        return state.followState(follower, followee).map(e -> e.getBodyCase() + "@" + e.getOriginUid() + "#" + e.getSeq());
    }
}

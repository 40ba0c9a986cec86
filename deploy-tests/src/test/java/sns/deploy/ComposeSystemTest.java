package sns.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Testcontainers;
import sns.api.v1.ClusterMaster;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.system.SocialClient;

/**
 * The real docker-compose.yml, used as a user would: two users on different clusters follow each
 * other and see posts live, the shell client runs as the compose {@code cli} service, one cluster's
 * master container is killed and its slave takes over with every acknowledged post; then nothing of
 * the project is left. Skipped where no Docker engine runs (.ci/run sets one up).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeSystemTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static ComposeSystem sns;
    private static SocialClient alice;
    private static SocialClient bob;
    private static final List<String> alicePosts = new ArrayList<>();
    private static final List<String> bobPosts = new ArrayList<>();

    @BeforeAll
    static void up() {
        long start = System.nanoTime();
        sns = new ComposeSystem().start();
        report("images built, compose project %s up and every service healthy in %.1f s", sns.project(), since(start));
    }

    @AfterAll
    static void down() {
        if (sns == null) {
            return;
        }
        long start = System.nanoTime();
        sns.close();
        assertThat(sns.leftovers()).as("containers, networks and volumes of project " + sns.project()).isEmpty();
        report("torn down in %.1f s; no container, network or volume of %s left", since(start), sns.project());
    }

    @Test
    @Order(1)
    void usersOnDifferentClustersFollowEachOtherAndSeePostsLive() {
        alice = new SocialClient(sns.channel(host(masterOf(1)))).register("alice");
        bob = new SocialClient(sns.channel(host(masterOf(2)))).register("bob");
        // each name reaches the other cluster by replication
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> alice.follow("bob"));
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> bob.follow("alice"));

        List<String> aliceSees = liveTimeline(alice);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            String text = "live from cluster 2 #" + bobPosts.size();
            bob.postUntilAcknowledged(text);
            bobPosts.add(text);
            assertThat(aliceSees).contains(bobPosts.get(0));
        });
        for (int i = 0; i < 10; i++) {
            alicePosts.add("acknowledged by cluster 1 #" + i);
            alice.postUntilAcknowledged(alicePosts.get(i));
            bobPosts.add("acknowledged by cluster 2 #" + i);
            bob.postUntilAcknowledged(bobPosts.get(bobPosts.size() - 1));
        }
        report("alice (cluster 1) saw bob's post (cluster 2) live; %d + %d posts acknowledged",
                alicePosts.size(), bobPosts.size());
    }

    @Test
    @Order(2)
    void theShellClientRunsAsTheComposeCliService() {
        long start = System.nanoTime();
        Command registered = sns.cli(Map.of("SNS_PASSWORD", SocialClient.PASSWORD), "register", "carol");
        assertThat(registered.exitCode()).as(registered.output()).isZero();
        assertThat(registered.output()).contains("registered carol; logged in as carol");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(alice.list().getAllUsersList()).contains("carol"));
        report("docker-compose run --rm cli register carol (%.1f s): %s", since(start),
                registered.output().lines().filter(line -> line.contains("carol")).findFirst().orElse(""));
    }

    @Test
    @Order(3)
    void killingAMastersContainerPromotesItsSlaveWithEveryAcknowledgedPost() {
        ClusterMaster before = masterOf(1);
        long killed = System.nanoTime();
        sns.kill(host(before));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> sns.masterOf(1).getEpoch() > before.getEpoch());
        double promotedAfter = since(killed);
        ClusterMaster after = masterOf(1);
        assertThat(after.getClusterId()).isEqualTo(1);
        assertThat(after.getAddress()).isNotEqualTo(before.getAddress());

        // bob's view of cluster 1's new master: alice's posts were acknowledged by cluster 1, so its
        // in-sync slave had every one of them when it was promoted
        String alicePostsThere = new SocialClient(sns.channel(host(after))).login("bob").exportedPosts();
        alicePosts.forEach(text -> assertThat(occurrences(alicePostsThere, "W " + text + "\n")).as(text).isEqualTo(1));
        // bob's posts were acknowledged by cluster 2 and reach cluster 1 by replication
        SocialClient aliceThere = new SocialClient(sns.channel(host(after))).login("alice");
        await().atMost(PATIENCE).untilAsserted(() -> {
            String bobPostsThere = aliceThere.exportedPosts();
            bobPosts.forEach(text -> assertThat(occurrences(bobPostsThere, "W " + text + "\n")).as(text).isEqualTo(1));
        });
        aliceThere.postUntilAcknowledged("written after the failover");
        report("failover: killed %s (master of cluster 1 at epoch %d); the coordinator named %s at epoch %d after "
                        + "%.2f s; all %d + %d acknowledged posts there exactly once; writes accepted again",
                host(before), before.getEpoch(), host(after), after.getEpoch(), promotedAfter,
                alicePosts.size(), bobPosts.size());
    }

    /** Opens the user's live timeline; the texts of the posts it delivers collect in the returned list. */
    private static List<String> liveTimeline(SocialClient user) {
        List<String> texts = new CopyOnWriteArrayList<>();
        user.timeline(new StreamObserver<>() {
            @Override
            public void onNext(TimelineResponse response) {
                if (response.hasPost()) {
                    texts.add(response.getPost().getText());
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        }).onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
        return texts;
    }

    private static ClusterMaster masterOf(int cluster) {
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> sns.masterOf(cluster), master -> true);
    }

    private static String host(ClusterMaster master) {
        return master.getAddress().replaceFirst(":\\d+$", "");
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... arguments) {
        System.out.printf("[compose-system] " + format + "%n", arguments);
    }
}

package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A coordinator restart as real processes: the restarted coordinator rebuilds who may lead from
 * what the servers persisted, and must not trust a slave's stale "I was in sync" (issue 11 item 1).
 */
class CoordinatorRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aSlaveDroppedFromTheInSyncSetIsNotPromotedAfterItsMasterDiesAndTheCoordinatorRestarts() {
        try (SnsSystem sns = new SnsSystem("sticky-in-sync", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            SocialClient author = new SocialClient(sns.channel(master.address())).register("author");
            new SocialClient(sns.channel(master.address())).register("reader").follow("author");
            author.postUntilAcknowledged("seen by both");
            await().atMost(PATIENCE).until(() -> sns.readNode("/clusters/1/servers/2")
                    .filter(data -> data.contains("in-sync=true")).isPresent());
            awaitTwoMoreHeartbeats(sns, "/clusters/1/servers/2");

            // The slave stops acking: the master drops it (confirmed by the coordinator) and
            // acknowledges a post alone, then dies before anyone else has that post.
            slave.pause();
            String acknowledgedAlone = "acknowledged by the master alone";
            author.postUntilAcknowledged(acknowledgedAlone);
            master.kill9();
            slave.resume();
            await().atMost(PATIENCE).until(() -> sns.readNode("/clusters/1/master").isEmpty());
            awaitTwoMoreHeartbeats(sns, "/clusters/1/servers/2");
            assertThat(sns.readNode("/clusters/1/servers/2").orElse("")).contains("in-sync=false");

            sns.restartCoordinator();
            await().atMost(PATIENCE).until(() -> occurrences(sns.coordinator.logText(), "Restart recovery over") == 2);
            awaitTwoMoreHeartbeats(sns, "/clusters/1/servers/2");

            Optional<String> promoted = sns.readNode("/clusters/1/master");
            assertThat(promoted).as("the slave that lacks the acknowledged post must not lead").isEmpty();

            NodeProcess masterAgain = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(masterAgain, 1);
            String onMaster = new SocialClient(sns.channel(masterAgain.address())).login("reader").exportedPosts();
            assertThat(occurrences(onMaster, "W " + acknowledgedAlone + "\n")).isEqualTo(1);
            await().atMost(PATIENCE).ignoreExceptions().until(() -> occurrences(
                    new SocialClient(sns.channel(slave.address())).login("reader").exportedPosts(),
                    "W " + acknowledgedAlone + "\n") == 1);
        }
    }

    /** Heartbeats are sequential, so after two more the server has acted on an answer sent after now. */
    private static void awaitTwoMoreHeartbeats(SnsSystem sns, String serverNode) {
        for (int i = 0; i < 2; i++) {
            String before = lastHeartbeat(sns, serverNode);
            await().atMost(PATIENCE).ignoreExceptions().until(() -> !lastHeartbeat(sns, serverNode).equals(before));
        }
    }

    private static String lastHeartbeat(SnsSystem sns, String serverNode) {
        String data = sns.readNode(serverNode).orElse("");
        int at = data.indexOf("last-heartbeat=");
        return at < 0 ? "" : data.substring(at);
    }

    private static int occurrences(String haystack, String needle) {
        return CliFailoverTest.occurrences(haystack, needle);
    }
}

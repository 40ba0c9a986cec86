package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.ListNodesRequest;

/**
 * SIGTERM of timeline servers as real processes (issue 10): a stopping master hands its lock to
 * its in-sync slave at once and loses no acknowledged write; a stopping slave changes nothing; a
 * master without an in-sync slave never lets a server that may lack its writes take over.
 */
class GracefulHandoverTest {

    /** The JVM's exit status after SIGTERM once its shutdown hooks (Spring's close) have run: 128 + 15. */
    private static final int SIGTERM_EXIT = 143;

    @Test
    void aStoppedMasterHandsItsLockToItsInSyncSlaveAndEveryAcknowledgedPostSurvives() throws InterruptedException {
        try (SnsSystem sns = new SnsSystem("handover", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            await().atMost(Duration.ofSeconds(30)).until(() -> sns.inSyncServerIds(1).equals(List.of(2)));
            new SocialClient(sns.channel(master.address())).register("author");
            new SocialClient(sns.channel(master.address())).register("reader").follow("author");
            FollowingWriter writer = new FollowingWriter(sns, "author");
            Thread writing = new Thread(writer, "writer");
            writing.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged().size() >= 10);

            assertThat(master.terminate()).as("exited through its shutdown hook").isEqualTo(SIGTERM_EXIT);
            sns.awaitMaster(slave, 1);
            int before = writer.acknowledged().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged().size() >= before + 10);
            writer.stop();
            writing.join();

            assertThat(master.logText()).contains("Handed the master lock over to server 2 at epoch 2");
            assertThat(sns.coordinator.logText()).contains("handed its lock over and is stopping")
                    .doesNotContain("c1-s1 at " + master.address() + " is gone (missed");
            String exported = new SocialClient(sns.channel(slave.address())).login("reader").exportedPosts();
            for (String text : writer.acknowledged()) {
                assertThat(CliFailoverTest.occurrences(exported, "W " + text + "\n")).as(text).isEqualTo(1);
            }
        }
    }

    @Test
    void aStoppedSlaveChangesNothingForItsMaster() {
        try (SnsSystem sns = new SnsSystem("stop-slave", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            await().atMost(Duration.ofSeconds(30)).until(() -> sns.inSyncServerIds(1).equals(List.of(2)));
            SocialClient author = new SocialClient(sns.channel(master.address())).register("author");
            long epoch = sns.serverFor(1).getServer().getEpoch();

            assertThat(slave.terminate()).isEqualTo(SIGTERM_EXIT);

            assertThat(slave.logText()).contains("no master lock to hand over");
            await().atMost(Duration.ofSeconds(60)).until(() -> sns.inSyncServerIds(1).isEmpty());
            author.postUntilAcknowledged("after the slave stopped");
            assertThat(sns.serverFor(1).getServer().getAddress()).isEqualTo(master.address());
            assertThat(sns.serverFor(1).getServer().getEpoch()).as("no election").isEqualTo(epoch);
        }
    }

    @Test
    void aStoppedMasterWithoutAnInSyncSlaveLeavesItsClusterMasterlessUntilItReturns() {
        try (SnsSystem sns = new SnsSystem("stop-lonely-master", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            new SocialClient(sns.channel(master.address())).register("author").postUntilAcknowledged("only here");

            assertThat(master.terminate()).isEqualTo(SIGTERM_EXIT);
            assertThat(master.logText()).contains("without a confirmed in-sync slave");
            NodeProcess newcomer = sns.startServer(1, 2);
            await().atMost(Duration.ofSeconds(90)).until(() -> servers(sns).equals(List.of("2")));
            await().atMost(Duration.ofSeconds(30)).until(() -> sns.coordinator.logText()
                    .contains("c1-s2 at " + newcomer.address() + " (uid"));

            assertThat(sns.readNode("/clusters/1/master")).as("the newcomer may lack acknowledged writes").isEmpty();
            assertThat(sns.coordinator.logText()).doesNotContain("server 2 at " + newcomer.address() + " is MASTER");
            master.start().awaitReady();
            sns.awaitMaster(master, 1);
            assertThat(sns.serverFor(1).getServer().getEpoch()).as("its data leads again, at a new epoch").isGreaterThan(1);
        }
    }

    private static List<String> servers(SnsSystem sns) {
        return CoordinatorGrpc.newBlockingStub(sns.channel(sns.coordinator.address()))
                .listNodes(ListNodesRequest.newBuilder().setPath("/clusters/1/servers").build()).getChildrenList();
    }

    /**
     * Posts one text after another as a real client does: each write is retried with its key until
     * acknowledged, asking the coordinator for the master again after every UNAVAILABLE.
     */
    static final class FollowingWriter implements Runnable {
        private static final Duration RETRY_BACKOFF = Duration.ofMillis(10);
        private final SnsSystem sns;
        private final String username;
        private final List<String> acknowledged = new ArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Map<String, SocialClient> clients = new HashMap<>();

        FollowingWriter(SnsSystem sns, String username) {
            this.sns = sns;
            this.username = username;
        }

        @Override
        public void run() {
            for (int i = 0; !stopped.get(); i++) {
                String text = "post " + i;
                var key = SocialClient.newKey();
                while (!stopped.get()) {
                    try {
                        String master = sns.serverFor(1).getServer().getAddress();
                        clients.computeIfAbsent(master, a -> new SocialClient(sns.channel(a)).login(username))
                                .post(text, key);
                        synchronized (this) {
                            acknowledged.add(text);
                        }
                        break;
                    } catch (StatusRuntimeException e) {
                        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                            throw e;
                        }
                        LockSupport.parkNanos(RETRY_BACKOFF.toNanos());
                    }
                }
            }
        }

        synchronized List<String> acknowledged() {
            return List.copyOf(acknowledged);
        }

        void stop() {
            stopped.set(true);
        }
    }
}

package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.digest;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import io.grpc.Status;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import sns.api.v1.Post;
import sns.api.v1.SubscriptionKind;
import sns.timeline.role.ServerRole;
import sns.timeline.store.EventStore;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/** Fencing, master changes and anti-entropy with real servers. */
class MasterChangeTest extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);


    @Test
    void eventsOfADeadMasterReachTheOtherClusterThroughItsSuccessor() {
        cluster = new LocalCluster(data, 2);
        var pair = cluster.startMasterAndInSyncSlave(1);
        ServerNode master1 = pair.master();
        ServerNode slave1 = pair.slave();
        ServerNode master2 = cluster.awaitMaster(cluster.start(2, 1));

        master2.stop();
        Post post = post(master1, signUp(master1, "origin_author"), "accepted while cluster 2 was away");
        master1.stop();
        cluster.awaitMaster(slave1);
        master2.restart(cluster.coordinatorAddress(), List.of());
        cluster.awaitMaster(master2);

        await().atMost(WAIT).until(() -> master2.bean(EventStore.class).committed().post(post.getPostId())
                .isPresent());
        await().atMost(WAIT).until(() -> digest(master2).equals(digest(slave1)));
    }

    @Test
    void aSlaveOfAMasterlessClusterStillConvergesThroughAntiEntropy() {
        cluster = new LocalCluster(data, 2, "--sns.replication.anti-entropy-interval=300ms");
        ServerNode master1 = cluster.awaitMaster(cluster.start(1, 1));
        ServerNode master2 = cluster.awaitMaster(cluster.start(2, 1));
        master1.stop();
        // a newcomer was never in cluster 1's in-sync set: it stays a slave of nobody
        ServerNode orphan = cluster.awaitRole(cluster.start(1, 2), ServerRole.SLAVE);

        Post post = post(master2, signUp(master2, "far_away"), "only anti-entropy carries this");

        await().atMost(WAIT).until(() -> orphan.bean(EventStore.class).committed().post(post.getPostId())
                .isPresent());
        await().atMost(WAIT).until(() -> digest(orphan).equals(digest(master2)));
        // the stopped master had no in-sync slave to hand over to: its lock ends with its session
        await().atMost(WAIT).until(() -> !orphan.role().current().topology().orElseThrow().hasMaster());
        assertThat(orphan.role().current().role()).as("cluster 1 stayed masterless").isEqualTo(ServerRole.SLAVE);
        assertThat(orphan.bean(ReplicationManager.class).antiEntropyRepairs()).isPositive();
    }

    @Test
    void afterACoordinatorRestartTheServersReRegisterByThemselvesAndTheMasterKeepsItsLockAtANewerEpoch() {
        cluster = new LocalCluster(data, 1);
        var pair = cluster.startMasterAndInSyncSlave(1);
        ServerNode master = pair.master();
        ServerNode slave = pair.slave();
        String token = signUp(master, "steady");
        long epoch = master.role().current().epoch();

        cluster.stopCoordinator();
        await().atMost(WAIT).until(() -> !master.role().leaseValid());
        cluster.startCoordinator();

        cluster.awaitMaster(master);
        assertThat(master.role().current().epoch()).isGreaterThan(epoch);
        cluster.awaitRole(slave, ServerRole.SLAVE);
        Post post = post(master, token, "after the coordinator came back");
        await().atMost(WAIT).until(() -> slave.bean(EventStore.class).committed().post(post.getPostId()).isPresent());
    }

    @Test
    void aMasterOlderThanAServersFenceCannotGetEventsAppliedByIt() throws Exception {
        cluster = new LocalCluster(data, 1);
        ServerNode master = cluster.awaitMaster(cluster.start(1, 1));
        post(master, signUp(master, "fenced_author"), "from a master at epoch 1");
        long masterEpoch = master.role().current().epoch();

        try (EventStore current = EventStore.open(data.resolve("current"), InstantSource.system());
             EventStore fenced = EventStore.open(data.resolve("fenced"), InstantSource.system())) {
            fenced.meta().raiseEpochFence(masterEpoch + 1);

            assertThat(OnePull.pull(master, current, SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY).isOk()).isTrue();
            assertThat(current.committed().allPosts()).as("control: an unfenced server applies").hasSize(1);

            Status asAntiEntropy = OnePull.pull(master, fenced, SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY);
            Status asSlave = OnePull.pull(master, fenced, SubscriptionKind.SUBSCRIPTION_KIND_SLAVE);

            assertThat(asAntiEntropy.getDescription()).contains("stale publisher epoch");
            assertThat(asSlave.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(asSlave.getDescription()).contains("stale-epoch");
            assertThat(fenced.committed().allPosts()).isEmpty();
            assertThat(fenced.committed().versionVector()).isEmpty();
        }
    }
}

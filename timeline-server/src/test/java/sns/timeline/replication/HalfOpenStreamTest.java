package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sns.timeline.role.ServerRole;
import sns.timeline.testing.BlackHoleProxy;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/**
 * A connection that dies without a reset (a dead machine, a dropping network) must not hang a
 * slave's Subscribe forever: keepalives notice it, the slave stops reporting itself caught up (so
 * not ready), the master drops it from the in-sync set, and it reconnects once traffic flows.
 */
class HalfOpenStreamTest extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private final AtomicReference<BlackHoleProxy> proxy = new AtomicReference<>();

    @AfterEach
    void closeProxy() {
        if (proxy.get() != null) {
            proxy.get().close();
        }
    }

    @Test
    void aBlackHoledSubscriptionIsNoticedAndReopenedAndTheSlaveIsNotInSyncMeanwhile() {
        cluster = new LocalCluster(data, 1);
        ServerNode master = startMasterBehindProxy();
        ServerNode slave = cluster.awaitRole(cluster.start(1, 2), ServerRole.SLAVE);
        ReplicationManager slaveReplication = slave.bean(ReplicationManager.class);
        await().atMost(WAIT).until(() -> master.confirmsInSync(2) && slaveReplication.caughtUp());

        proxy.get().blackHole();

        await().atMost(WAIT).until(() -> !slaveReplication.caughtUp());
        await().atMost(WAIT).until(() -> !master.confirmsInSync(2));

        proxy.get().restore();

        await().atMost(WAIT).until(() -> slaveReplication.caughtUp() && master.confirmsInSync(2));
        assertThat(slaveReplication.openSubscriptions()).isPositive();
    }

    @Test
    void anAntiEntropyRoundOnAConnectionThatNeverAnswersEndsAtItsDeadline() {
        // Keepalives off on both sides, so only the round's deadline can end it.
        cluster = new LocalCluster(data, 1, "--sns.replication.anti-entropy-interval=200ms",
                "--sns.replication.anti-entropy-deadline=1s", "--sns.replication.keep-alive-time=1h",
                "--grpc.server.enable-keep-alive=false");
        startMasterBehindProxy();
        proxy.get().blackHole(); // the slave's connections to the master open, and nothing ever answers
        ServerNode slave = cluster.awaitRole(cluster.start(1, 2), ServerRole.SLAVE);
        ReplicationManager slaveReplication = slave.bean(ReplicationManager.class);

        // The master is the only peer: a new round to it starts only once the previous one has ended.
        await().atMost(WAIT).until(() -> slaveReplication.antiEntropyRounds() >= 3);
        assertThat(slaveReplication.caughtUp()).isFalse();
    }

    /** Server 1 of cluster 1 as master; other servers reach it only through the proxy. */
    private ServerNode startMasterBehindProxy() {
        return cluster.awaitMaster(cluster.start(1, 1, port -> {
            proxy.set(new BlackHoleProxy(port));
            return proxy.get().address();
        }));
    }
}

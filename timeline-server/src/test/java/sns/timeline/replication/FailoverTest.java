package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.anonymous;
import static sns.timeline.testing.Clients.digest;
import static sns.timeline.testing.Clients.key;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import sns.api.v1.ExportRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.RegisterRequest;
import sns.timeline.api.GrpcErrors;
import sns.timeline.role.ServerRole;
import sns.timeline.testing.Clients;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/** One cluster of two real servers: the slave refuses writes, holds every acknowledged write, and takes over. */
class FailoverTest extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);


    @Test
    void aSlaveRefusesWritesAndTakesThemAfterTheMasterStopsHeartbeating() {
        cluster = new LocalCluster(data, 1);
        var pair = cluster.startMasterAndInSyncSlave(1);
        ServerNode master = pair.master();
        ServerNode slave = pair.slave();

        String author = signUp(master, "author");
        String acknowledged = post(master, author, "acknowledged before the failover").getPostId();

        assertThatThrownBy(() -> anonymous(slave).register(RegisterRequest.newBuilder().setUsername("nope")
                .setPassword("pw").setIdempotencyKey(key()).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(GrpcErrors.reasonOf(e)).isEqualTo("not-master");
                });

        long oldEpoch = master.role().current().epoch();
        master.stop();

        await().atMost(WAIT).until(() -> slave.role().leaseValid());
        assertThat(slave.role().current().epoch()).isGreaterThan(oldEpoch);
        String token = anonymous(slave).login(LoginRequest.newBuilder().setUsername("author")
                .setPassword(Clients.PASSWORD).build()).getToken();
        post(slave, token, "written to the new master");
        String reader = signUp(slave, "reader");
        Clients.follow(slave, reader, "author");
        assertThat(Clients.as(slave, reader).export(ExportRequest.getDefaultInstance()).getUserinfo())
                .contains("user author", "user reader");
        assertThat(slave.bean(sns.timeline.store.EventStore.class).committed().post(acknowledged)).isPresent();
    }

    @Test
    void aStoppedSlaveCatchesUpOnRestartAndDigestsAgree() {
        cluster = new LocalCluster(data, 1);
        var pair = cluster.startMasterAndInSyncSlave(1);
        ServerNode master = pair.master();
        ServerNode slave = pair.slave();
        String author = signUp(master, "writer");
        post(master, author, "before the slave stops");
        await().atMost(WAIT).until(() -> slaveLag(master) != null && slaveLag(master).value() == 0);

        slave.stop();
        await().atMost(WAIT).until(() -> slaveLag(master) == null);
        for (int i = 0; i < 20; i++) {
            post(master, author, "while the slave is down " + i);
        }
        slave.restart(cluster.coordinatorAddress(), List.of());

        await().atMost(WAIT).until(() -> digest(slave).equals(digest(master)));
        assertThat(digest(slave).getPosts()).isEqualTo(21);
        await().atMost(WAIT).until(() -> master.confirmsInSync(2));
        await().atMost(WAIT).until(() -> slaveLag(master) != null && slaveLag(master).value() == 0);
    }

    /** The master's lag gauge for its slave's subscription, null while there is none. */
    private static Gauge slaveLag(ServerNode master) {
        return master.bean(MeterRegistry.class).find("sns.replication.subscriber.lag.events")
                .tags("subscriber", "c1-s2", "kind", "slave").gauge();
    }

}

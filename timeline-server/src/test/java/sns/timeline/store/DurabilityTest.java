package sns.timeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static sns.timeline.testing.Clients.anonymous;
import static sns.timeline.testing.Clients.as;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import java.util.List;
import org.junit.jupiter.api.Test;
import sns.api.v1.ExportRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.Post;
import sns.timeline.testing.Clients;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/** A server stopped and started on the same data directory still has everything it acknowledged. */
class DurabilityTest extends ClusterTest {


    @Test
    void everythingAcknowledgedSurvivesARestart() {
        cluster = new LocalCluster(data, 1);
        ServerNode server = cluster.awaitMaster(cluster.start(1, 1));
        String alice = signUp(server, "alice");
        String bob = signUp(server, "bob");
        follow(server, alice, "bob");
        Post post = post(server, bob, "still here after the restart");
        String uid = server.bean(EventStore.class).serverUid();
        long epoch = server.role().current().epoch();

        server.restart(cluster.coordinatorAddress(), List.of());
        cluster.awaitMaster(server);

        assertThat(server.bean(EventStore.class).serverUid()).isEqualTo(uid);
        assertThat(server.role().current().epoch()).isGreaterThanOrEqualTo(epoch);
        String token = anonymous(server).login(LoginRequest.newBuilder().setUsername("alice")
                .setPassword(Clients.PASSWORD).build()).getToken();
        assertThat(as(server, token).list(ListRequest.getDefaultInstance()).getFollowingList()).containsExactly("bob");
        assertThat(as(server, token).export(ExportRequest.getDefaultInstance()).getPosts())
                .contains("W still here after the restart");
        assertThat(server.bean(EventStore.class).committed().post(post.getPostId())).isPresent();
        assertThat(post(server, token, "and writes go on").getHlc()).isGreaterThan(post.getHlc());
    }
}

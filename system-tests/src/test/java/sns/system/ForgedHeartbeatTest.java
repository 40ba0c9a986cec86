package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerResponse;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.ListNodesRequest;
import sns.api.v1.ServerIdentity;

/**
 * Issue 11 items 10 and 14 from outside: a coordinator and a cluster of two servers as real
 * processes sharing a cluster secret; this test JVM, which does not know the secret, forges
 * heartbeats that would take the cluster if they were believed.
 */
class ForgedHeartbeatTest {

    @Test
    void forgedHeartbeatsWithoutTheClusterSecretAreRefusedAndTheRealMasterKeepsItsCluster() {
        try (SnsSystem sns = new SnsSystem("forged-heartbeat", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            GetServerResponse before = sns.serverFor(1);
            var coordinator = CoordinatorGrpc.newBlockingStub(sns.channel(sns.coordinator.address()));

            for (int serverId : new int[] {9, 1, 2, 9, 1, 2}) {
                HeartbeatRequest forged = HeartbeatRequest.newBuilder()
                        .setServer(ServerIdentity.newBuilder().setClusterId(1).setServerId(serverId)
                                .setAddress("127.0.0.1:1").setServerUid("made-up-uid"))
                        .setSequence(1).setMaxEpochSeen(1_000_000).setHoldsLock(true).setWasInSync(true)
                        .setReady(true)
                        .build();
                assertThatThrownBy(() -> coordinator.withDeadlineAfter(5, TimeUnit.SECONDS).heartbeat(forged))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                                .isEqualTo(Status.Code.UNAUTHENTICATED));
            }

            GetServerResponse after = sns.serverFor(1);
            assertThat(after.getServer().getAddress()).isEqualTo(master.address());
            assertThat(after.getServer().getEpoch()).isEqualTo(before.getServer().getEpoch()).isLessThan(1_000_000);
            assertThat(coordinator.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .listNodes(ListNodesRequest.newBuilder().setPath("/clusters/1/servers").build())
                    .getChildrenList()).containsExactlyInAnyOrder("1", "2");
            assertThat(slave.httpStatus("/actuator/health/readiness")).isEqualTo(200);
        }
    }
}

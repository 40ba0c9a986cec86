package sns.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetCounterpartsRequest;
import sns.api.v1.GetOtherClusterMastersRequest;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetServerResponse;
import sns.api.v1.GetUniqueClientIdRequest;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.ListNodesRequest;
import sns.api.v1.ReadNodeRequest;
import sns.api.v1.Role;
import sns.api.v1.ServerIdentity;
import sns.coordinator.CoordinatorApplication;

/**
 * The coordinator as a real Spring Boot app on a random port, driven through real gRPC stubs by
 * simulated timeline servers that heartbeat every 200 ms (death after 600 ms, lease 540 ms).
 */
class CoordinatorGrpcTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TEN_INTERVALS = INTERVAL.multipliedBy(10);
    /** Upper bound for a change to show (a busy machine may need long; the recovery hold counts from serving). */
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final List<HeartbeatingServer> servers = new ArrayList<>();
    private int grpcPort;
    private ConfigurableApplicationContext coordinator;
    private ManagedChannel channel;

    @BeforeEach
    void startCoordinator() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            grpcPort = socket.getLocalPort();
        }
        coordinator = runCoordinator();
        channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        servers.forEach(HeartbeatingServer::close);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        coordinator.close();
    }

    @Test
    void twoServersOfOneClusterGetOneMasterAndOneSlave() {
        HeartbeatingServer s1 = server(1, 1).start();
        HeartbeatingServer s2 = server(1, 2).start();

        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER && s2.role() == Role.ROLE_SLAVE);
        assertThat(s1.epoch()).isEqualTo(1);
        assertThat(s2.topology().getMaster().getServerId()).isEqualTo(1);
        assertThat(stub().readNode(ReadNodeRequest.newBuilder().setPath("/clusters/1/master").build()).getData())
                .contains("server=1", "epoch=1");
        assertThat(stub().listNodes(ListNodesRequest.newBuilder().setPath("/clusters/1/servers").build())
                .getChildrenList()).containsExactly("1", "2");
        assertThat(stub().getCounterparts(GetCounterpartsRequest.newBuilder().setClusterId(1).build())
                .getServersList()).extracting(s -> s.getServerId()).containsExactly(1, 2);
    }

    @Test
    void theInSyncSlaveTakesOverWhenTheMasterStopsHeartbeatingAndGetServerFollows() {
        HeartbeatingServer s1 = server(1, 1).reportingInSync(2).start();
        HeartbeatingServer s2 = server(1, 2).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER && s2.inSyncPerCoordinator());
        long clientOfCluster1 = 3;
        assertThat(getServer(clientOfCluster1).getServer().getServerId()).isEqualTo(1);
        long oldEpoch = s1.epoch();

        s1.stop();

        await().atMost(SETTLE).until(() -> s2.role() == Role.ROLE_MASTER);
        assertThat(s2.epoch()).isGreaterThan(oldEpoch);
        assertThat(getServer(clientOfCluster1).getServer().getServerId()).isEqualTo(2);
        assertThat(getServer(clientOfCluster1).getServer().getEpoch()).isEqualTo(s2.epoch());
    }

    @Test
    void aSlaveOutsideTheInSyncSetIsNotPromoted() {
        HeartbeatingServer s1 = server(1, 1).start();
        HeartbeatingServer s2 = server(1, 2).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER && s2.role() == Role.ROLE_SLAVE);

        s1.stop();

        await().atMost(SETTLE).until(() -> s2.topology().getMembersCount() == 1);
        await().during(TEN_INTERVALS).atMost(TEN_INTERVALS.multipliedBy(2))
                .until(() -> s2.role() == Role.ROLE_SLAVE && !s2.topology().hasMaster());
        assertStatus(() -> stub().readNode(ReadNodeRequest.newBuilder().setPath("/clusters/1/master").build()),
                Status.Code.NOT_FOUND, "/clusters/1/master");
        assertStatus(() -> getServer(3), Status.Code.UNAVAILABLE, "no cluster has a ready master");
    }

    @Test
    void aClientAssignedToAClusterWithNoServersGetsAnotherClustersMaster() {
        HeartbeatingServer s1 = server(1, 1).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER);

        long clientOfCluster2 = 4;
        GetServerResponse response = getServer(clientOfCluster2);

        assertThat(response.getHomeClusterId()).isEqualTo(2);
        assertThat(response.getServer().getClusterId()).isEqualTo(1);
        assertThat(response.getServer().getAddress()).isEqualTo(s1.identity().getAddress());
        var id = stub().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance());
        assertThat(id.getClientId()).isPositive();
        assertThat(getServer(id.getClientId()).getServer().getClusterId()).isEqualTo(1);
    }

    @Test
    void afterACoordinatorRestartTheHighestEpochClaimantKeepsTheLockAndEpochsNeverDrop() {
        HeartbeatingServer s1 = server(1, 1).reportingInSync(2).start();
        HeartbeatingServer s2 = server(1, 2).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER && s2.inSyncPerCoordinator());
        s1.stop();
        await().atMost(SETTLE).until(() -> s2.role() == Role.ROLE_MASTER);
        HeartbeatingServer s1Again = server(1, 1).start();
        await().atMost(SETTLE).until(() -> s1Again.role() == Role.ROLE_SLAVE);
        long epochBefore = s2.epoch();
        assertThat(epochBefore).isEqualTo(2);

        coordinator.close();
        AtomicLong lowestEpochSeen = new AtomicLong(Long.MAX_VALUE);
        await().atMost(SETTLE).until(() -> s2.lastError() != null);
        coordinator = runCoordinator();

        await().atMost(SETTLE).until(() -> {
            if (s2.lastError() == null && s2.topology() != null) {
                lowestEpochSeen.accumulateAndGet(s2.epoch(), Math::min);
            }
            return s2.lastError() == null && s2.role() == Role.ROLE_MASTER && s1Again.role() == Role.ROLE_SLAVE;
        });
        assertThat(s2.epoch()).as("the claimant keeps the lock at a newer epoch").isGreaterThan(epochBefore);
        assertThat(lowestEpochSeen.get()).as("epochs never drop").isGreaterThanOrEqualTo(epochBefore);
        assertThat(getServer(3).getServer().getServerId()).isEqualTo(2);
    }

    @Test
    void badRequestsGetClearErrorsAndChangeNothing() {
        HeartbeatingServer s1 = server(1, 1).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER);

        assertStatus(() -> stub().heartbeat(heartbeat(9, 1, "localhost:1")), Status.Code.INVALID_ARGUMENT,
                "cluster id 9 is out of range 1..3");
        assertStatus(() -> stub().heartbeat(heartbeat(2, 0, "localhost:1")), Status.Code.INVALID_ARGUMENT,
                "server id must be at least 1");
        assertStatus(() -> stub().heartbeat(heartbeat(2, 1, "no-port")), Status.Code.INVALID_ARGUMENT,
                "address must be host:port");
        assertStatus(() -> stub().heartbeat(HeartbeatRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
                "server identity");
        assertStatus(() -> stub().heartbeat(heartbeat(1, 1, "localhost:1")), Status.Code.ALREADY_EXISTS,
                "already registered from " + s1.identity().getAddress());
        assertStatus(() -> getServer(0), Status.Code.INVALID_ARGUMENT, "client id must be positive");
        assertStatus(() -> stub().getCounterparts(GetCounterpartsRequest.newBuilder().setClusterId(0).build()),
                Status.Code.INVALID_ARGUMENT, "out of range");
        assertStatus(() -> stub().getOtherClusterMasters(GetOtherClusterMastersRequest.newBuilder().setClusterId(4)
                .build()), Status.Code.INVALID_ARGUMENT, "out of range");
        assertStatus(() -> stub().listNodes(ListNodesRequest.newBuilder().setPath("clusters//x").build()),
                Status.Code.INVALID_ARGUMENT, "clusters//x");
        assertStatus(() -> stub().readNode(ReadNodeRequest.newBuilder().setPath("/nowhere").build()),
                Status.Code.NOT_FOUND, "/nowhere");

        assertThat(stub().getCounterparts(GetCounterpartsRequest.newBuilder().setClusterId(2).build())
                .getServersList()).isEmpty();
        assertThat(stub().getCounterparts(GetCounterpartsRequest.newBuilder().setClusterId(1).build())
                .getServersList()).extracting(s -> s.getAddress()).containsExactly(s1.identity().getAddress());
    }

    @Test
    void actuatorShowsHealthAndClusterMetrics() throws Exception {
        HeartbeatingServer s1 = server(2, 1).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER);
        String base = "http://localhost:" + coordinator.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(metrics.body())
                .containsPattern("sns_coordinator_masters\\{.*cluster=\"2\".*} 1\\.0")
                .containsPattern("sns_coordinator_masters\\{.*cluster=\"1\".*} 0\\.0")
                .containsPattern("sns_coordinator_live_servers\\{.*cluster=\"2\".*} 1\\.0")
                .containsPattern("sns_coordinator_elections_total\\{.*cluster=\"2\".*} 1\\.0")
                .contains("sns_coordinator_heartbeats_total");
    }

    private ConfigurableApplicationContext runCoordinator() {
        return new SpringApplicationBuilder(CoordinatorApplication.class).run(
                "--grpc.server.port=" + grpcPort,
                "--grpc.server.address=127.0.0.1",
                "--server.port=0",
                "--sns.coordinator.clusters=3",
                "--sns.coordinator.heartbeat-interval=" + INTERVAL.toMillis() + "ms");
    }

    private CoordinatorGrpc.CoordinatorBlockingStub stub() {
        return CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private HeartbeatingServer server(int cluster, int server) {
        HeartbeatingServer heartbeating = new HeartbeatingServer(channel, cluster, server, INTERVAL);
        servers.add(heartbeating);
        return heartbeating;
    }

    private GetServerResponse getServer(long clientId) {
        return stub().getServer(GetServerRequest.newBuilder().setClientId(clientId).build());
    }

    private static HeartbeatRequest heartbeat(int cluster, int server, String address) {
        return HeartbeatRequest.newBuilder()
                .setServer(ServerIdentity.newBuilder().setClusterId(cluster).setServerId(server)
                        .setAddress(address).setServerUid("uid-other"))
                .build();
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(messagePart);
                });
    }
}

package sns.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
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
import sns.api.v1.Topology;
import sns.coordinator.CoordinatorApplication;

/**
 * The coordinator as a real Spring Boot app on a random port, driven through real gRPC stubs by
 * simulated timeline servers that heartbeat every 200 ms (death after 600 ms, lease 540 ms).
 */
class CoordinatorGrpcTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TEN_INTERVALS = INTERVAL.multipliedBy(10);
    static final String CLUSTER_SECRET = "cluster-secret-of-the-coordinator-grpc-test";
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

        assertStatus(() -> serverStub().heartbeat(heartbeat(9, 1, "localhost:1")), Status.Code.INVALID_ARGUMENT,
                "cluster id 9 is out of range 1..3");
        assertStatus(() -> serverStub().heartbeat(heartbeat(2, 0, "localhost:1")), Status.Code.INVALID_ARGUMENT,
                "server id must be at least 1");
        assertStatus(() -> serverStub().heartbeat(heartbeat(2, 1, "no-port")), Status.Code.INVALID_ARGUMENT,
                "address must be host:port");
        assertStatus(() -> serverStub().heartbeat(HeartbeatRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
                "server identity");
        assertStatus(() -> serverStub().heartbeat(heartbeat(1, 1, "localhost:1")), Status.Code.ALREADY_EXISTS,
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
    void aForgedHeartbeatWithoutTheClusterSecretIsRefusedAndChangesNothing() {
        HeartbeatingServer s1 = server(1, 1).start();
        await().atMost(SETTLE).until(() -> s1.role() == Role.ROLE_MASTER);
        HeartbeatRequest forged = HeartbeatRequest.newBuilder()
                .setServer(ServerIdentity.newBuilder().setClusterId(1).setServerId(9)
                        .setAddress("forger.example:6666").setServerUid("made-up-uid"))
                .setSequence(1).setMaxEpochSeen(1_000_000).setHoldsLock(true).setWasInSync(true).setReady(true)
                .build();

        for (int attempt = 0; attempt < 6; attempt++) {
            assertStatus(() -> stub().heartbeat(forged), Status.Code.UNAUTHENTICATED, "cluster secret");
            assertStatus(() -> stub().withInterceptors(secretHeader("a-wrong-secret-that-is-long-enough-to-pass"))
                    .heartbeat(forged), Status.Code.UNAUTHENTICATED, "cluster secret");
        }

        assertThat(getServer(3).getServer().getAddress()).isEqualTo(s1.identity().getAddress());
        assertThat(getServer(3).getServer().getEpoch()).isEqualTo(1);
        assertThat(stub().listNodes(ListNodesRequest.newBuilder().setPath("/clusters/1/servers").build())
                .getChildrenList()).containsExactly("1");
        assertThat(s1.role()).isEqualTo(Role.ROLE_MASTER);
        assertThat(s1.epoch()).isEqualTo(1);
    }

    @Test
    void aHeartbeatWithTheClusterSecretRegistersWhileClientCallsNeedNoSecret() {
        HeartbeatRequest genuine = heartbeat(2, 1, "localhost:20201");

        Topology topology = serverStub().heartbeat(genuine);

        assertThat(topology.getRole()).isNotEqualTo(Role.ROLE_UNSPECIFIED);
        assertThat(stub().listNodes(ListNodesRequest.newBuilder().setPath("/clusters/2/servers").build())
                .getChildrenList()).containsExactly("1");
        assertThat(stub().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance()).getClientId()).isPositive();
        assertThat(stub().getCounterparts(GetCounterpartsRequest.newBuilder().setClusterId(2).build())
                .getServersList()).hasSize(1);
    }

    @Test
    void hugeInputIsQuotedByAShortPrefixSoAStockClientSeesInvalidArgument() {
        String huge = "a".repeat(10_000);
        ServerIdentity.Builder identity = ServerIdentity.newBuilder().setClusterId(1).setServerId(1)
                .setAddress("localhost:1").setServerUid("uid-huge");

        assertShortInvalidArgument(() -> serverStub().heartbeat(HeartbeatRequest.newBuilder()
                .setServer(identity.clone().setAddress(huge + ":1")).build()), "address must be host:port");
        assertShortInvalidArgument(() -> serverStub().heartbeat(HeartbeatRequest.newBuilder()
                .setServer(identity.clone().setServerUid(huge + "!")).build()), "server uid must be");
        assertShortInvalidArgument(() -> stub().listNodes(ListNodesRequest.newBuilder().setPath(huge).build()),
                "must be absolute");
        assertShortInvalidArgument(() -> stub().readNode(ReadNodeRequest.newBuilder().setPath("/" + huge + "/!")
                .build()), "invalid segment");
        assertThatThrownBy(() -> stub().readNode(ReadNodeRequest.newBuilder().setPath("/" + huge).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).hasSizeLessThan(200).contains("/aaaa", "…");
                });
        assertThat(stub().listNodes(ListNodesRequest.newBuilder().setPath("/clusters/1/servers").build())
                .getChildrenList()).isEmpty();
    }

    @Test
    void clientIdsPastTheConfiguredCapGetResourceExhausted() {
        coordinator.close();
        coordinator = runCoordinator("--sns.coordinator.max-clients=2");

        stub().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance());
        stub().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance());

        assertStatus(() -> stub().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance()),
                Status.Code.RESOURCE_EXHAUSTED, "2 client ids");
        assertThat(stub().listNodes(ListNodesRequest.newBuilder().setPath("/clients").build()).getChildrenList())
                .hasSize(2);
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

    private ConfigurableApplicationContext runCoordinator(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--grpc.server.port=" + grpcPort,
                "--grpc.server.address=127.0.0.1",
                "--server.port=0",
                "--sns.coordinator.clusters=3",
                "--sns.security.cluster-secret=" + CLUSTER_SECRET,
                "--sns.coordinator.heartbeat-interval=" + INTERVAL.toMillis() + "ms"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(CoordinatorApplication.class).run(args.toArray(String[]::new));
    }

    private CoordinatorGrpc.CoordinatorBlockingStub stub() {
        return CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    /** What a timeline server uses: a stub that sends the cluster secret. */
    private CoordinatorGrpc.CoordinatorBlockingStub serverStub() {
        return stub().withInterceptors(secretHeader(CLUSTER_SECRET));
    }

    static ClientInterceptor secretHeader(String secret) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-sns-cluster-secret", Metadata.ASCII_STRING_MARSHALLER), secret);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
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

    private static void assertShortInvalidArgument(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains(messagePart).hasSizeLessThan(200);
                });
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(messagePart);
                });
    }
}

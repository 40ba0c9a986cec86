package sns.system;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetServerResponse;
import sns.api.v1.ReadNodeRequest;

/**
 * A coordinator and timeline servers started from the built jars, on loopback, with fresh data.
 * All of them get one cluster secret of their own (SNS_SECURITY_CLUSTER_SECRET, not the development
 * default), as a deployment would set it.
 */
public final class SnsSystem implements AutoCloseable {

    public static final Duration HEARTBEAT = Duration.ofMillis(200);
    public static final String CLUSTER_SECRET_VARIABLE = "SNS_SECURITY_CLUSTER_SECRET";

    private final Path workDir;
    private final int clusters;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, String> environment = Map.of(CLUSTER_SECRET_VARIABLE,
            "system-test-cluster-secret-" + UUID.randomUUID());
    public final NodeProcess coordinator;

    SnsSystem(String testName, int clusters) {
        this(testName, clusters, "127.0.0.1");
    }

    /** A coordinator listening on the given loopback address (its own, for the fault tests' firewall rules). */
    public SnsSystem(String testName, int clusters, String coordinatorHost) {
        this.clusters = clusters;
        this.workDir = Path.of(System.getProperty("sns.work.dir", "target/system-tests")).resolve(testName
                + "-" + System.currentTimeMillis());
        requireJar("sns.coordinator.jar");
        requireJar("sns.server.jar");
        coordinator = track(new NodeProcess("coordinator", Path.of(System.getProperty("sns.coordinator.jar")),
                coordinatorHost, freePort(), freePort(), workDir, environment, List.of(
                "--sns.coordinator.clusters=" + clusters,
                "--sns.coordinator.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms"))).start().awaitReady();
    }

    NodeProcess startServer(int cluster, int server) {
        return startServer(cluster, server, grpc -> "127.0.0.1:" + grpc);
    }

    /** A server that tells other servers to dial the address made from its gRPC port (a proxy's, say). */
    NodeProcess startServer(int cluster, int server, IntFunction<String> advertisedAddress, String... extra) {
        return startServer(cluster, server, "127.0.0.1", advertisedAddress, extra);
    }

    /**
     * A server on a loopback address of its own: it listens there, advertises it, and its outgoing
     * connections leave from it (so a firewall rule between two addresses cuts exactly two nodes apart).
     * Not yet awaited ready.
     */
    public NodeProcess startServerOn(String host, int cluster, int server) {
        return startServer(cluster, server, host, grpc -> host + ":" + grpc, "--sns.server.local-address=" + host);
    }

    private NodeProcess startServer(int cluster, int server, String host, IntFunction<String> advertisedAddress,
                                    String... extra) {
        int grpc = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--sns.server.cluster-id=" + cluster,
                "--sns.server.server-id=" + server,
                "--sns.server.advertised-address=" + advertisedAddress.apply(grpc),
                "--sns.server.data-dir=" + workDir.resolve("data"),
                "--sns.coordinator.address=" + coordinator.address(),
                "--sns.coordinator.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms"));
        args.addAll(List.of(extra));
        return track(new NodeProcess("c" + cluster + "-s" + server, Path.of(System.getProperty("sns.server.jar")),
                host, grpc, freePort(), workDir, environment, args)).start();
    }

    /** Server ids in the coordinator's record of a cluster's in-sync set ("epoch=1 servers=2:uid,3:uid"). */
    public List<Integer> inSyncServerIds(int cluster) {
        String servers = readNode("/clusters/" + cluster + "/in-sync").orElse("").replaceFirst("^.*servers=", "");
        return servers.isBlank() ? List.of() : Arrays.stream(servers.trim().split(","))
                .map(member -> Integer.parseInt(member.substring(0, member.indexOf(':')))).toList();
    }

    /** kill -9 of the coordinator, then a new coordinator process on the same ports (it keeps only soft state). */
    public void restartCoordinator() {
        coordinator.kill9();
        coordinator.start().awaitReady();
    }

    /** The data of a node of the coordinator's lock namespace, if it exists. */
    public Optional<String> readNode(String path) {
        try {
            return Optional.of(CoordinatorGrpc.newBlockingStub(channel(coordinator.address()))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .readNode(ReadNodeRequest.newBuilder().setPath(path).build()).getData());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Where the coordinator sends a client of the given cluster right now. */
    public GetServerResponse serverFor(int cluster) {
        return CoordinatorGrpc.newBlockingStub(channel(coordinator.address()))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getServer(GetServerRequest.newBuilder().setClientId(cluster - 1 + clusters).build());
    }

    /** Waits until the coordinator names this node its cluster's ready master. */
    public void awaitMaster(NodeProcess node, int cluster) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> serverFor(cluster).getServer().getAddress().equals(node.address()));
    }

    public ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
    }

    public Path workDir() {
        return workDir;
    }

    /** The cluster secret every node of this system shares (server-to-server RPCs such as Digest need it). */
    public String clusterSecret() {
        return environment.get(CLUSTER_SECRET_VARIABLE);
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    private NodeProcess track(NodeProcess node) {
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        nodes.forEach(NodeProcess::close);
    }

    private static void requireJar(String property) {
        String jar = System.getProperty(property);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(property + " = " + jar + " is not a built jar; run ./mvnw verify");
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

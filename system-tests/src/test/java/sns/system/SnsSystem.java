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
final class SnsSystem implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofMillis(200);

    private final Path workDir;
    private final int clusters;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, String> environment = Map.of("SNS_SECURITY_CLUSTER_SECRET",
            "system-test-cluster-secret-" + UUID.randomUUID());
    final NodeProcess coordinator;

    SnsSystem(String testName, int clusters) {
        this.clusters = clusters;
        this.workDir = Path.of(System.getProperty("sns.work.dir", "target/system-tests")).resolve(testName
                + "-" + System.currentTimeMillis());
        requireJar("sns.coordinator.jar");
        requireJar("sns.server.jar");
        coordinator = track(new NodeProcess("coordinator", Path.of(System.getProperty("sns.coordinator.jar")),
                freePort(), freePort(), workDir, environment, List.of(
                "--sns.coordinator.clusters=" + clusters,
                "--sns.coordinator.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms"))).start().awaitReady();
    }

    NodeProcess startServer(int cluster, int server) {
        return startServer(cluster, server, grpc -> "127.0.0.1:" + grpc);
    }

    /** A server that tells other servers to dial the address made from its gRPC port (a proxy's, say). */
    NodeProcess startServer(int cluster, int server, IntFunction<String> advertisedAddress, String... extra) {
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
                grpc, freePort(), workDir, environment, args)).start();
    }

    /** Server ids in the coordinator's record of a cluster's in-sync set ("epoch=1 servers=2:uid,3:uid"). */
    List<Integer> inSyncServerIds(int cluster) {
        String servers = readNode("/clusters/" + cluster + "/in-sync").orElse("").replaceFirst("^.*servers=", "");
        return servers.isBlank() ? List.of() : Arrays.stream(servers.trim().split(","))
                .map(member -> Integer.parseInt(member.substring(0, member.indexOf(':')))).toList();
    }

    /** kill -9 of the coordinator, then a new coordinator process on the same ports (it keeps only soft state). */
    void restartCoordinator() {
        coordinator.kill9();
        coordinator.start().awaitReady();
    }

    /** The data of a node of the coordinator's lock namespace, if it exists. */
    Optional<String> readNode(String path) {
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
    GetServerResponse serverFor(int cluster) {
        return CoordinatorGrpc.newBlockingStub(channel(coordinator.address()))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getServer(GetServerRequest.newBuilder().setClientId(cluster - 1 + clusters).build());
    }

    /** Waits until the coordinator names this node its cluster's ready master. */
    void awaitMaster(NodeProcess node, int cluster) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> serverFor(cluster).getServer().getAddress().equals(node.address()));
    }

    ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
    }

    Path workDir() {
        return workDir;
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

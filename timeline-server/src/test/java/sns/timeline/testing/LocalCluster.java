package sns.timeline.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import sns.coordinator.CoordinatorApplication;
import sns.timeline.TimelineServerApplication;
import sns.timeline.role.RoleState;
import sns.timeline.role.ServerRole;

/**
 * A real coordinator and real timeline servers as Spring Boot apps in this JVM, on free loopback
 * ports, each server with its own RocksDB under a temporary directory.
 */
public final class LocalCluster implements AutoCloseable {

    public static final Duration HEARTBEAT = Duration.ofMillis(200);

    private final Path dataDir;
    private final int clusters;
    private final int coordinatorPort = freePort();
    private final List<String> extraServerProperties = new ArrayList<>();
    private final List<ServerNode> nodes = new ArrayList<>();
    private ConfigurableApplicationContext coordinator;

    public LocalCluster(Path dataDir, int clusters, String... serverProperties) {
        this.dataDir = dataDir;
        this.clusters = clusters;
        this.extraServerProperties.addAll(List.of(serverProperties));
        startCoordinator();
    }

    public void startCoordinator() {
        coordinator = new SpringApplicationBuilder(CoordinatorApplication.class).run(
                "--spring.config.name=coordinator-test",
                "--grpc.server.port=" + coordinatorPort,
                "--grpc.server.address=127.0.0.1",
                "--grpc.server.shutdown-grace-period=1s",
                "--server.port=0",
                "--sns.coordinator.clusters=" + clusters,
                "--sns.coordinator.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms");
    }

    public void stopCoordinator() {
        coordinator.close();
    }

    public String coordinatorAddress() {
        return "localhost:" + coordinatorPort;
    }

    public int coordinatorPort() {
        return coordinatorPort;
    }

    /** Starts a server and waits until the coordinator has given it a role. */
    public ServerNode start(int cluster, int server) {
        return start(cluster, server, port -> "localhost:" + port);
    }

    /** Starts a server that tells other servers to dial the address made from its gRPC port (a proxy's, say). */
    public ServerNode start(int cluster, int server, java.util.function.IntFunction<String> advertisedAddress) {
        return start(cluster, server, advertisedAddress, coordinatorAddress());
    }

    /** Starts a server that dials the coordinator at this address (a proxy's, say). */
    public ServerNode startWithCoordinatorAt(int cluster, int server, String coordinatorAddress) {
        return start(cluster, server, port -> "localhost:" + port, coordinatorAddress);
    }

    private ServerNode start(int cluster, int server, java.util.function.IntFunction<String> advertisedAddress,
                             String coordinatorAddress) {
        int port = freePort();
        ServerNode node = new ServerNode(cluster, server, port, dataDir);
        nodes.add(node);
        List<String> properties = new ArrayList<>(extraServerProperties);
        properties.add("--sns.server.advertised-address=" + advertisedAddress.apply(port));
        node.start(coordinatorAddress, HEARTBEAT, properties);
        return node;
    }

    /** Starts server 1 (master) and server 2 (slave) of a cluster and waits until the slave is confirmed in sync. */
    public MasterAndSlave startMasterAndInSyncSlave(int clusterId) {
        ServerNode master = awaitMaster(start(clusterId, 1));
        ServerNode slave = awaitRole(start(clusterId, 2), ServerRole.SLAVE);
        await().atMost(Duration.ofSeconds(20)).until(() -> master.confirmsInSync(2));
        return new MasterAndSlave(master, slave);
    }

    /** A cluster's master and its in-sync slave. */
    public record MasterAndSlave(ServerNode master, ServerNode slave) {}

    public ServerNode awaitMaster(ServerNode node) {
        await().atMost(Duration.ofSeconds(15)).until(() -> node.role().leaseValid());
        return node;
    }

    public ServerNode awaitRole(ServerNode node, ServerRole role) {
        await().atMost(Duration.ofSeconds(15)).until(() -> node.role().current().role() == role);
        return node;
    }

    @Override
    public void close() {
        nodes.forEach(ServerNode::stop);
        coordinator.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One timeline server: its Spring context, port and stubs. */
    public static final class ServerNode {
        private final int cluster;
        private final int server;
        private final int port;
        private final Path dataDir;
        private ConfigurableApplicationContext context;
        private io.grpc.ManagedChannel channel;

        ServerNode(int cluster, int server, int port, Path dataDir) {
            this.cluster = cluster;
            this.server = server;
            this.port = port;
            this.dataDir = dataDir;
        }

        void start(String coordinatorAddress, Duration heartbeat, List<String> extra) {
            List<String> args = new ArrayList<>(List.of(
                    "--spring.config.name=application",
                    "--grpc.server.port=" + port,
                    "--grpc.server.address=127.0.0.1",
                    "--server.port=0",
                    "--sns.server.cluster-id=" + cluster,
                    "--sns.server.server-id=" + server,
                    "--sns.server.data-dir=" + dataDir,
                    "--sns.coordinator.address=" + coordinatorAddress,
                    "--sns.coordinator.heartbeat-interval=" + heartbeat.toMillis() + "ms"));
            args.addAll(extra);
            context = new SpringApplicationBuilder(TimelineServerApplication.class).run(args.toArray(String[]::new));
            channel = io.grpc.ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        }

        /** Restarts on the same port and data directory. */
        public void restart(String coordinatorAddress, List<String> extra) {
            stop();
            List<String> properties = new ArrayList<>(extra);
            properties.add("--sns.server.advertised-address=localhost:" + port);
            start(coordinatorAddress, HEARTBEAT, properties);
        }

        /** Stops the server: it stops heartbeating and serving; its data stays on disk. */
        public void stop() {
            if (context != null) {
                channel.shutdownNow();
                context.close();
                context = null;
            }
        }

        public RoleState role() {
            return context.getBean(RoleState.class);
        }

        /** This server is master and the coordinator has confirmed the slave in its in-sync set. */
        public boolean confirmsInSync(int slaveId) {
            return role().current().topology()
                    .map(t -> t.getMembersList().stream().anyMatch(m -> m.getServerId() == slaveId && m.getInSync()))
                    .orElse(false);
        }

        public <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        public io.grpc.ManagedChannel channel() {
            return channel;
        }

        public String address() {
            return "localhost:" + port;
        }

        public int actuatorPort() {
            return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }
    }
}

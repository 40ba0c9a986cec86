package sns.system.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sns.system.NodeProcess;
import sns.system.SnsSystem;

/**
 * The system under fault: a coordinator on 127.0.0.10 and {@value #CLUSTERS} clusters of
 * {@value #SERVERS} servers, server s of cluster c on 127.0.0.{10c+s}, each listening on and
 * connecting from its own address, with fresh data under target/.
 */
final class FaultCluster implements AutoCloseable {

    static final int CLUSTERS = 2;
    static final int SERVERS = 2;
    static final String COORDINATOR_HOST = "127.0.0.10";
    /** Five JVMs starting at once on a busy 2-core machine can take minutes. */
    static final Duration PATIENCE = Duration.ofSeconds(180);

    private final SnsSystem sns;
    private final Map<String, NodeProcess> servers = new LinkedHashMap<>();

    FaultCluster(String name) {
        sns = new SnsSystem("faults-" + name, CLUSTERS, COORDINATOR_HOST);
        try {
            for (int c = 1; c <= CLUSTERS; c++) {
                for (int s = 1; s <= SERVERS; s++) {
                    servers.put(c + "/" + s, sns.startServerOn(host(c, s), c, s));
                }
            }
            awaitAllReady();
        } catch (RuntimeException e) {
            sns.close(); // no caller can close what was never returned: leave no process behind
            throw e;
        }
    }

    static String host(int cluster, int server) {
        return "127.0.0." + (10 * cluster + server);
    }

    SnsSystem system() {
        return sns;
    }

    NodeProcess coordinator() {
        return sns.coordinator;
    }

    List<NodeProcess> servers() {
        return List.copyOf(servers.values());
    }

    List<NodeProcess> cluster(int cluster) {
        return servers.entrySet().stream().filter(e -> e.getKey().startsWith(cluster + "/"))
                .map(Map.Entry::getValue).toList();
    }

    List<String> hosts(int cluster) {
        return cluster(cluster).stream().map(NodeProcess::host).toList();
    }

    int serverId(NodeProcess server) {
        return Integer.parseInt(server.name().substring(server.name().indexOf("-s") + 2));
    }

    /** The ready master the coordinator names for the cluster (waiting for one). */
    NodeProcess master(int cluster) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> sns.serverFor(cluster).getServer().getClusterId() == cluster);
        String address = sns.serverFor(cluster).getServer().getAddress();
        return cluster(cluster).stream().filter(n -> n.address().equals(address)).findFirst().orElseThrow();
    }

    NodeProcess slave(int cluster) {
        NodeProcess master = master(cluster);
        return cluster(cluster).stream().filter(n -> n != master).findFirst().orElseThrow();
    }

    /** Waits until the coordinator names this server its cluster's ready master. */
    void awaitMaster(NodeProcess server, int cluster) {
        sns.awaitMaster(server, cluster);
    }

    /** Waits until the cluster's master reports the server in its in-sync set (the coordinator's record). */
    void awaitInSync(int cluster, NodeProcess server, boolean inSync) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> sns.inSyncServerIds(cluster).contains(serverId(server)) == inSync);
    }

    /** Every server and the coordinator started (again) where they are not running, then all ready with masters. */
    void startWhatIsDown() {
        if (!coordinator().isAlive()) {
            coordinator().start().awaitReady(PATIENCE);
        }
        servers.values().stream().filter(n -> !n.isAlive()).forEach(NodeProcess::start);
        awaitAllReady();
    }

    private void awaitAllReady() {
        servers.values().forEach(server -> server.awaitReady(PATIENCE));
        for (int c = 1; c <= CLUSTERS; c++) {
            master(c);
        }
    }

    @Override
    public void close() {
        sns.close();
    }
}

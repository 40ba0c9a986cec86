package sns.coordinator.directory;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.namespace.NodeExistsException;
import sns.coordinator.registry.InvalidRequestException;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.registry.ServerView;

/**
 * Client ids and where each client should connect. Ids are random 63-bit numbers, so they stay
 * unique across coordinator restarts without any stored counter; each is recorded under
 * {@code /clients/{id}} with its home cluster (id mod N + 1).
 */
public final class ClientDirectory {

    private static final Logger log = LoggerFactory.getLogger(ClientDirectory.class);

    private final ServerRegistry registry;
    private final LockNamespace namespace;
    private final RandomGenerator random;

    public ClientDirectory(ServerRegistry registry, LockNamespace namespace, RandomGenerator random) {
        this.registry = registry;
        this.namespace = namespace;
        this.random = random;
    }

    /** A new client id and its home cluster. */
    public ClientAssignment newClient() {
        while (true) {
            long id = random.nextLong() & Long.MAX_VALUE;
            if (id == 0) {
                continue;
            }
            int cluster = homeCluster(id);
            try {
                namespace.create(clientPath(id), "cluster=" + cluster);
            } catch (NodeExistsException taken) {
                continue;
            }
            log.info("New client {} assigned to cluster {}", id, cluster);
            return new ClientAssignment(id, cluster);
        }
    }

    /** The ready master of the client's cluster, else of the next cluster in turn that has one. */
    public Optional<ServerView> serverFor(long clientId) {
        if (clientId <= 0) {
            throw new InvalidRequestException("client id must be positive, got " + clientId);
        }
        int home = homeCluster(clientId);
        int n = registry.clusterCount();
        for (int step = 0; step < n; step++) {
            int cluster = (home - 1 + step) % n + 1;
            Optional<ServerView> master = registry.readyMaster(cluster);
            if (master.isPresent()) {
                return master;
            }
        }
        return Optional.empty();
    }

    public int homeCluster(long clientId) {
        return (int) (clientId % registry.clusterCount()) + 1;
    }

    private static String clientPath(long id) {
        return "/clients/" + id;
    }

    /** A client id and the cluster it belongs to. */
    public record ClientAssignment(long clientId, int clusterId) {}
}

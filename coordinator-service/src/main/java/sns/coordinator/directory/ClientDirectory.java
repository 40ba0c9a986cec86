package sns.coordinator.directory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.namespace.NodeExistsException;
import sns.coordinator.namespace.NoSuchNodeException;
import sns.coordinator.registry.InvalidRequestException;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.registry.ServerView;
import sns.coordinator.time.MonotonicClock;

/**
 * Client ids and where each client should connect. Ids are random 63-bit numbers, so they stay
 * unique across coordinator restarts without any stored counter; each is recorded under
 * {@code /clients/{id}} with its home cluster (id mod N + 1).
 *
 * <p>The directory is bounded: an id that has not asked for its server (GetServer) for the idle
 * timeout is forgotten ({@link #expireIdle()}), and past {@code maxClients} recorded ids a new
 * one is refused ({@link ClientLimitException}) until idle ones expire. A forgotten id keeps
 * working: GetServer routes by the id alone, as it does after a coordinator restart.
 */
public final class ClientDirectory {

    private static final Logger log = LoggerFactory.getLogger(ClientDirectory.class);

    private final ServerRegistry registry;
    private final LockNamespace namespace;
    private final RandomGenerator random;
    private final MonotonicClock clock;
    private final long idleTimeoutNanos;
    private final int maxClients;
    private final Map<Long, Long> lastSeenNanos = new ConcurrentHashMap<>();

    public ClientDirectory(ServerRegistry registry, LockNamespace namespace, RandomGenerator random,
                           MonotonicClock clock, Duration idleTimeout, int maxClients) {
        this.registry = registry;
        this.namespace = namespace;
        this.random = random;
        this.clock = clock;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxClients = maxClients;
    }

    /** A new client id and its home cluster. */
    public synchronized ClientAssignment newClient() {
        if (lastSeenNanos.size() >= maxClients) {
            expireIdle();
        }
        if (lastSeenNanos.size() >= maxClients) {
            throw new ClientLimitException("the coordinator already holds " + maxClients
                    + " client ids; try again later");
        }
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
            lastSeenNanos.put(id, clock.nanoTime());
            log.info("New client {} assigned to cluster {}", id, cluster);
            return new ClientAssignment(id, cluster);
        }
    }

    /** The ready master of the client's cluster, else of the next cluster in turn that has one. */
    public Optional<ServerView> serverFor(long clientId) {
        if (clientId <= 0) {
            throw new InvalidRequestException("client id must be positive, got " + clientId);
        }
        lastSeenNanos.computeIfPresent(clientId, (id, seen) -> clock.nanoTime());
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

    /** Forgets every client id idle for longer than the idle timeout; returns how many. */
    public synchronized int expireIdle() {
        long now = clock.nanoTime();
        int expired = 0;
        for (Map.Entry<Long, Long> entry : lastSeenNanos.entrySet()) {
            if (now - entry.getValue() > idleTimeoutNanos && lastSeenNanos.remove(entry.getKey(), entry.getValue())) {
                forget(entry.getKey());
                expired++;
            }
        }
        if (expired > 0) {
            log.info("Forgot {} client ids idle for more than {} s", expired, idleTimeoutNanos / 1_000_000_000L);
        }
        return expired;
    }

    /** Client ids recorded now. */
    public int size() {
        return lastSeenNanos.size();
    }

    public int homeCluster(long clientId) {
        return (int) (clientId % registry.clusterCount()) + 1;
    }

    private void forget(long id) {
        try {
            namespace.delete(clientPath(id));
        } catch (NoSuchNodeException gone) {
            // nothing left to forget
        }
    }

    private static String clientPath(long id) {
        return "/clients/" + id;
    }

    /** A client id and the cluster it belongs to. */
    public record ClientAssignment(long clientId, int clusterId) {}
}

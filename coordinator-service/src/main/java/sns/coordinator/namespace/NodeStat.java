package sns.coordinator.namespace;

import java.time.Instant;
import java.util.Optional;

/**
 * Metadata of a node, like a ZooKeeper stat.
 *
 * @param version      0 at creation, +1 on every write
 * @param ownerSession the owning session of an ephemeral node
 * @param children     number of children
 * @param createdAt    wall-clock creation time, for humans
 * @param modifiedAt   wall-clock time of the last write, for humans
 */
public record NodeStat(long version, Optional<String> ownerSession, int children, Instant createdAt,
                       Instant modifiedAt) {

    public boolean ephemeral() {
        return ownerSession.isPresent();
    }
}

package sns.coordinator.registry;

import java.util.List;
import java.util.Optional;

/**
 * The answer to a heartbeat: the sender's role and everything it needs to act on it.
 *
 * @param role          the sender's role
 * @param epoch         the sender's cluster's epoch (its fence)
 * @param leaseNanos    the lease granted by this answer (MASTER only, else 0)
 * @param sequence      echo of the heartbeat's sequence
 * @param members       live members of the sender's cluster, sender included
 * @param master        the sender's cluster's master, if any
 * @param otherMasters  masters of the other clusters
 */
public record TopologyView(
        Role role,
        long epoch,
        long leaseNanos,
        long sequence,
        List<ServerView> members,
        Optional<ServerView> master,
        List<ServerView> otherMasters) {}

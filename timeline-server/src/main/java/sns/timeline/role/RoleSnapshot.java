package sns.timeline.role;

import java.util.Optional;
import sns.api.v1.Topology;

/**
 * The server's view after its last heartbeat answer.
 *
 * @param role               its role
 * @param epoch              its cluster's epoch (the fence)
 * @param leaseDeadlineNanos monotonic time at which its master lease ends (MASTER only)
 * @param clockInSync        its wall clock is within max skew of the coordinator's
 * @param topology           the last topology, if any
 */
public record RoleSnapshot(ServerRole role, long epoch, long leaseDeadlineNanos, boolean clockInSync,
                           Optional<Topology> topology) {

    static RoleSnapshot unregistered(long epoch) {
        return new RoleSnapshot(ServerRole.UNREGISTERED, epoch, 0, true, Optional.empty());
    }
}

package sns.system.faults;

/** The coordinator made a server master of its cluster at an epoch, at a wall time (the lock node's creation). */
public record EpochGrant(int cluster, long epoch, int serverId, long grantedAtMillis) {}

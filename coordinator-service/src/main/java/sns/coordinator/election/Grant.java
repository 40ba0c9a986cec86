package sns.coordinator.election;

/**
 * A decision to give a cluster's master lock to a server.
 *
 * @param serverId  the new master
 * @param serverUid its data's uid
 * @param epoch     the epoch it serves under
 * @param kept      true when a restarted coordinator lets the previous master keep its lock (at a new epoch)
 */
public record Grant(int serverId, String serverUid, long epoch, boolean kept) {}

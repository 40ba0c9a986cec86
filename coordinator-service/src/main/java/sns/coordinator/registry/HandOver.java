package sns.coordinator.registry;

/**
 * A stopping master's request to give its lock away at once (already translated from the wire).
 *
 * @param key          cluster and server id of the stopping master
 * @param serverUid    uid of its data
 * @param epoch        the epoch of its grant
 * @param successorUid the in-sync member it prefers (empty: any)
 */
public record HandOver(ServerKey key, String serverUid, long epoch, String successorUid) {}

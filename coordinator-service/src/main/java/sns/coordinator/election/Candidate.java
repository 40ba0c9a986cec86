package sns.coordinator.election;

/**
 * A live server of a cluster as the election sees it.
 *
 * @param serverId     server id in its cluster
 * @param serverUid    stable uid of its data (eligibility follows the data, not the id)
 * @param maxEpochSeen highest epoch it has persisted
 * @param holdsLock    it believes it is master at maxEpochSeen
 * @param wasInSync    it was in its master's confirmed in-sync set at maxEpochSeen
 */
public record Candidate(int serverId, String serverUid, long maxEpochSeen, boolean holdsLock, boolean wasInSync) {}

package sns.coordinator.registry;

import java.util.Set;

/**
 * One heartbeat as the registry sees it, already translated from the wire.
 *
 * @param key           cluster and server id
 * @param address       host:port of the server's gRPC endpoint
 * @param serverUid     stable uid of the server's data
 * @param sequence      increases with every heartbeat of the process; echoed back
 * @param maxEpochSeen  highest epoch of its cluster the server has persisted
 * @param holdsLock     the server believes it is master at maxEpochSeen
 * @param inSyncServerUids master only: data uids of its in-sync slaves (eligibility follows the data)
 * @param wasInSync     slave only: it was in its master's confirmed in-sync set at maxEpochSeen
 * @param ready         the server is caught up and healthy
 */
public record Heartbeat(
        ServerKey key,
        String address,
        String serverUid,
        long sequence,
        long maxEpochSeen,
        boolean holdsLock,
        Set<String> inSyncServerUids,
        boolean wasInSync,
        boolean ready) {

    public Heartbeat {
        inSyncServerUids = Set.copyOf(inSyncServerUids);
    }
}

package sns.coordinator.election;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who may take a free master lock, and at which epoch (DESIGN §3).
 *
 * <p>When the coordinator has seen the cluster's last master, only that master's data or a
 * member of its last confirmed in-sync set may take over, at epoch + 1. After a coordinator
 * (re)start it knows no history, so it rebuilds it from what servers report: a fresh cluster
 * (every epoch 0) lets anyone lead; otherwise only servers at the highest reported epoch that
 * held the lock or were in sync are eligible, and a lock holder keeps its epoch. No eligible
 * server means no master: better a masterless cluster than lost acknowledged writes.
 */
public final class MasterElection {

    private static final Comparator<Candidate> PREFERENCE = Comparator
            .comparing(Candidate::holdsLock).reversed()
            .thenComparingInt(Candidate::serverId);

    public Optional<Grant> choose(ClusterState cluster, List<Candidate> live) {
        if (cluster.hasMaster()) {
            return Optional.empty();
        }
        return cluster.knowsLastMaster() ? successor(cluster, live) : rebuiltChoice(cluster, live);
    }

    private Optional<Grant> successor(ClusterState cluster, List<Candidate> live) {
        Comparator<Candidate> lastMasterFirst = Comparator
                .comparing((Candidate c) -> cluster.isLastMaster(c.serverUid())).reversed()
                .thenComparingInt(Candidate::serverId);
        return live.stream()
                .filter(c -> cluster.mayBecomeMaster(c.serverUid()))
                .min(lastMasterFirst)
                .map(c -> new Grant(c.serverId(), c.serverUid(), cluster.epoch() + 1, false));
    }

    private Optional<Grant> rebuiltChoice(ClusterState cluster, List<Candidate> live) {
        long maxEpoch = live.stream().mapToLong(Candidate::maxEpochSeen).max().orElse(0);
        maxEpoch = Math.max(maxEpoch, cluster.epoch());
        if (maxEpoch == 0) {
            return live.stream().min(PREFERENCE).map(c -> new Grant(c.serverId(), c.serverUid(), 1, false));
        }
        long highest = maxEpoch;
        return live.stream()
                .filter(c -> c.maxEpochSeen() == highest && (c.holdsLock() || c.wasInSync()))
                .min(PREFERENCE)
                .map(c -> c.holdsLock()
                        ? new Grant(c.serverId(), c.serverUid(), highest, true)
                        : new Grant(c.serverId(), c.serverUid(), highest + 1, false));
    }
}

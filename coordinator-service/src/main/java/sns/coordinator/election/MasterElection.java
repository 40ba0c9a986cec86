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
 * (every epoch 0) lets anyone lead at epoch 1; otherwise only servers at the highest reported
 * epoch that held the lock or were in sync are eligible, and a lock holder keeps the lock. No
 * eligible server means no master: better a masterless cluster than lost acknowledged writes.
 *
 * <p>Epochs never go backwards, not even across a restart: a server that held a newer epoch may
 * be down while the new coordinator rebuilds, so nobody alive can report it. A rebuilt grant
 * therefore never reuses a reported epoch: it takes the highest reported epoch + 1 or the
 * coordinator's {@code restartEpochFloor} (its start time in Unix milliseconds), whichever is
 * higher. An earlier coordinator cannot have granted that many epochs (one grant needs a lease to
 * run out), so as long as wall clocks do not step back across the restart, every epoch granted
 * by this coordinator is above every epoch granted by any earlier one.
 */
public final class MasterElection {

    private static final Comparator<Candidate> PREFERENCE = Comparator
            .comparing(Candidate::holdsLock).reversed()
            .thenComparingInt(Candidate::serverId);

    private final long restartEpochFloor;

    public MasterElection(long restartEpochFloor) {
        this.restartEpochFloor = restartEpochFloor;
    }

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
        long next = Math.max(highest + 1, restartEpochFloor);
        return live.stream()
                .filter(c -> c.maxEpochSeen() == highest && (c.holdsLock() || c.wasInSync()))
                .min(PREFERENCE)
                .map(c -> new Grant(c.serverId(), c.serverUid(), next, c.holdsLock()));
    }
}

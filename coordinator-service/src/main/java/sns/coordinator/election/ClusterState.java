package sns.coordinator.election;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the coordinator remembers about one cluster's master lock: the epoch, the current
 * holder, how long its lease may run, and who may succeed it. Not thread-safe: the registry
 * guards it.
 */
public final class ClusterState {

    private final int clusterId;
    private long epoch;
    private Grant master;
    private long leaseLimitNanos;
    private boolean leaseLimitSet;
    private String lastMasterUid;
    private final Set<String> lastInSyncUids = new HashSet<>();

    public ClusterState(int clusterId) {
        this.clusterId = clusterId;
    }

    public int clusterId() {
        return clusterId;
    }

    public long epoch() {
        return epoch;
    }

    /** Epochs never go backwards: every epoch a member reports raises the floor. */
    public void observeEpoch(long reported) {
        epoch = Math.max(epoch, reported);
    }

    public Optional<Grant> master() {
        return Optional.ofNullable(master);
    }

    public boolean hasMaster() {
        return master != null;
    }

    public boolean isMaster(int serverId) {
        return master != null && master.serverId() == serverId;
    }

    /** Whether the coordinator has seen this cluster's master since it started. */
    public boolean knowsLastMaster() {
        return lastMasterUid != null;
    }

    /** The previous (or current) master's uid and its last confirmed in-sync slaves. */
    public boolean mayBecomeMaster(String serverUid) {
        return serverUid.equals(lastMasterUid) || lastInSyncUids.contains(serverUid);
    }

    public boolean isLastMaster(String serverUid) {
        return serverUid.equals(lastMasterUid);
    }

    /** Every grant moves the epoch forward, a kept lock after a restart included. */
    public void grant(Grant grant) {
        if (grant.epoch() <= epoch) {
            throw new IllegalStateException("epoch of cluster " + clusterId + " would not advance: "
                    + grant.epoch() + " after " + epoch);
        }
        master = grant;
        epoch = grant.epoch();
        lastMasterUid = grant.serverUid();
        lastInSyncUids.clear();
    }

    /** The master reported its in-sync set (by data uid); the recorded set is what the coordinator confirms. */
    public void recordInSync(Set<String> serverUids) {
        lastInSyncUids.clear();
        lastInSyncUids.addAll(serverUids);
    }

    public Set<String> inSyncUids() {
        return Set.copyOf(lastInSyncUids);
    }

    /** Whether this data is in the last confirmed in-sync set, i.e. may succeed the master. */
    public boolean isInSync(String serverUid) {
        return lastInSyncUids.contains(serverUid);
    }

    /** The master was just told it is master: its lease (started no later than now) ends by the limit. */
    public void masterAnswered(long nowNanos, long leaseNanos) {
        leaseLimitNanos = nowNanos + leaseNanos;
        leaseLimitSet = true;
    }

    /** True when a member has seen a newer epoch than the current master was granted. */
    public boolean masterIsBehind() {
        return master != null && epoch > master.epoch();
    }

    /**
     * A member reported an epoch newer than the current grant: a master this coordinator never
     * knew may hold acknowledged writes. Take the lock back and rebuild who may lead from what
     * the members report.
     */
    public void revokeAndForgetHistory() {
        master = null;
        lastMasterUid = null;
        lastInSyncUids.clear();
    }

    /**
     * The master's session ended; the lock is free once its lease has surely run out. Its last
     * confirmed in-sync set stays: those are the servers that may succeed it.
     */
    public void masterLost() {
        master = null;
    }

    /** The master gave its lease up (a hand-over): no lease of this cluster may still run. */
    public void leaseReleased() {
        leaseLimitSet = false;
    }

    public boolean leaseMayStillRun(long nowNanos) {
        return leaseLimitSet && nowNanos - leaseLimitNanos < 0;
    }
}

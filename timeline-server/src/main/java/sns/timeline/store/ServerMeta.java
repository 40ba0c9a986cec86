package sns.timeline.store;

import java.util.UUID;

/**
 * What a server must remember about itself across restarts, each value written with sync:
 * its stable uid, the highest epoch of its cluster it has seen (its fence), the epoch at which
 * it was last granted the master lock, and the epoch at which it was last confirmed in sync
 * (0 for none: the role heartbeat clears both when the coordinator says otherwise at that epoch).
 * This class is the only writer of these values, so it keeps them in memory too: the fence is read
 * for every replicated batch and must not cost a store read.
 */
public final class ServerMeta {

    private static final byte[] UID = Keys.of("server-uid");
    private static final byte[] EPOCH = Keys.of("epoch-fence");
    private static final byte[] MASTER_EPOCH = Keys.of("master-epoch");
    private static final byte[] IN_SYNC_EPOCH = Keys.of("in-sync-epoch");

    private final RocksStore rocks;
    private final String serverUid;
    private volatile long epochFence;
    private volatile long masterEpoch;
    private volatile long inSyncEpoch;

    ServerMeta(RocksStore rocks) {
        this.rocks = rocks;
        byte[] uid = rocks.get(Column.META, UID);
        if (uid == null) {
            uid = Keys.of(UUID.randomUUID().toString().replace("-", ""));
            rocks.putSynced(Column.META, UID, uid);
        }
        this.serverUid = Keys.string(uid);
        this.epochFence = read(EPOCH);
        this.masterEpoch = read(MASTER_EPOCH);
        this.inSyncEpoch = read(IN_SYNC_EPOCH);
    }

    public String serverUid() {
        return serverUid;
    }

    public long epochFence() {
        return epochFence;
    }

    /** Raises the fence (never lowers it); returns the fence now in force. */
    public synchronized long raiseEpochFence(long epoch) {
        if (epoch > epochFence) {
            rocks.putSynced(Column.META, EPOCH, Keys.longBytes(epoch));
            epochFence = epoch;
        }
        return epochFence;
    }

    public long masterEpoch() {
        return masterEpoch;
    }

    public synchronized void recordMasterEpoch(long epoch) {
        if (masterEpoch != epoch) {
            rocks.putSynced(Column.META, MASTER_EPOCH, Keys.longBytes(epoch));
            masterEpoch = epoch;
        }
    }

    public long inSyncEpoch() {
        return inSyncEpoch;
    }

    public synchronized void recordInSyncEpoch(long epoch) {
        if (inSyncEpoch != epoch) {
            rocks.putSynced(Column.META, IN_SYNC_EPOCH, Keys.longBytes(epoch));
            inSyncEpoch = epoch;
        }
    }

    private long read(byte[] key) {
        byte[] value = rocks.get(Column.META, key);
        return value == null ? 0 : Keys.toLong(value);
    }
}

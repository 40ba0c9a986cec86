package sns.timeline.store;

import java.util.UUID;

/**
 * What a server must remember about itself across restarts, each value written with sync:
 * its stable uid, the highest epoch of its cluster it has seen (its fence), the epoch at which
 * it was last granted the master lock, and the epoch at which it was last confirmed in sync
 * (0 for none: the role heartbeat clears both when the coordinator says otherwise at that epoch).
 */
public final class ServerMeta {

    private static final byte[] UID = Keys.of("server-uid");
    private static final byte[] EPOCH = Keys.of("epoch-fence");
    private static final byte[] MASTER_EPOCH = Keys.of("master-epoch");
    private static final byte[] IN_SYNC_EPOCH = Keys.of("in-sync-epoch");

    private final RocksStore rocks;
    private final String serverUid;

    ServerMeta(RocksStore rocks) {
        this.rocks = rocks;
        byte[] uid = rocks.get(Column.META, UID);
        if (uid == null) {
            uid = Keys.of(UUID.randomUUID().toString().replace("-", ""));
            rocks.putSynced(Column.META, UID, uid);
        }
        this.serverUid = Keys.string(uid);
    }

    public String serverUid() {
        return serverUid;
    }

    public synchronized long epochFence() {
        return read(EPOCH);
    }

    /** Raises the fence (never lowers it); returns the fence now in force. */
    public synchronized long raiseEpochFence(long epoch) {
        long current = read(EPOCH);
        if (epoch > current) {
            rocks.putSynced(Column.META, EPOCH, Keys.longBytes(epoch));
            return epoch;
        }
        return current;
    }

    public synchronized long masterEpoch() {
        return read(MASTER_EPOCH);
    }

    public synchronized void recordMasterEpoch(long epoch) {
        if (read(MASTER_EPOCH) != epoch) {
            rocks.putSynced(Column.META, MASTER_EPOCH, Keys.longBytes(epoch));
        }
    }

    public synchronized long inSyncEpoch() {
        return read(IN_SYNC_EPOCH);
    }

    public synchronized void recordInSyncEpoch(long epoch) {
        if (read(IN_SYNC_EPOCH) != epoch) {
            rocks.putSynced(Column.META, IN_SYNC_EPOCH, Keys.longBytes(epoch));
        }
    }

    private long read(byte[] key) {
        byte[] value = rocks.get(Column.META, key);
        return value == null ? 0 : Keys.toLong(value);
    }
}

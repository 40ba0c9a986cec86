package sns.timeline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.Priority;
import org.rocksdb.RateLimiter;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/** Owns the RocksDB instance of one server and its column families. */
final class RocksStore implements AutoCloseable {

    /** Room for about two fillings of the events memtable (64 MB) and everything written beside them. */
    static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
    static final long BACKGROUND_WRITE_BYTES_PER_SECOND = 16L << 20;

    static {
        RocksDB.loadLibrary();
        // Every server of the system stores every event, so their memtables fill, flush and compact
        // at the same moments. At normal priority four multi-second compactions took the 2-core
        // bench machine's CPU from the writers at once (ack p99 past 50 ms in steps that otherwise
        // held at 10 ms), and so did the eight flushes of 60 MB memtables every 30 s (0.5-0.9 s
        // each: 100-250 ms of ack latency at 5,000 posts/s). A memtable being flushed is immutable
        // and a second one takes the writes meanwhile, so both pools can yield to the writers.
        Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW);
        Env.getDefault().lowerThreadPoolCPUPriority(Priority.HIGH);
    }

    /**
     * Most point reads of the write path miss (is this event, post or idempotency key new? is the
     * next seq here?): whole-key Bloom filters in the memtables and in every table file answer a
     * miss without a skip-list search or a block read.
     */
    private final BloomFilter tableBloom = new BloomFilter(10);
    private final ColumnFamilyOptions columnOptions = new ColumnFamilyOptions()
            .setMemtablePrefixBloomSizeRatio(0.05)
            .setMemtableWholeKeyFiltering(true)
            .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(tableBloom));
    /**
     * All four servers flush their 60 MB memtables and compact at the same moments (they store the
     * same events). Unthrottled, a 4 KiB fdatasync beside those bursts took 50-110 ms, and so did
     * the WAL syncs every acknowledgement waits for: ack p99 70-100 ms in 60 s runs at 5,000
     * posts/s, with the spikes on the flushes. At 32 MB/s per server nothing changed; at 8 MB/s
     * the same run had p99 22 ms, but a compaction then takes 10 s. At 16 MB/s (and posts stored by
     * reference) a 10-minute run at 5,000/s had p99 28.5 ms and no write stall: compaction keeps up.
     */
    private final RateLimiter backgroundWrites = new RateLimiter(BACKGROUND_WRITE_BYTES_PER_SECOND);
    /**
     * ext4 (data=ordered) can make a WAL fdatasync wait for the dirty blocks of other files written
     * in the same journal transaction (a probe on the bench machine: 64 ms syncs beside a 256 MB
     * write), and all four servers flush 60 MB memtables and compact at the same moments. Writing
     * table files out every MiB as they are built keeps that backlog small.
     * <p>
     * A WAL file lives until every column family with data in it has flushed. The small families
     * (versions, meta, follows, ...) rarely fill a memtable, so without a bound the WAL kept every
     * write since start-up (560 MB beside 200 MB of tables after five minutes of load), all of it
     * replayed by a restart. Past {@link #MAX_TOTAL_WAL_BYTES} RocksDB flushes the families that
     * hold the oldest file.
     */
    private final DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
            .setBytesPerSync(1 << 20)
            .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
            .setRateLimiter(backgroundWrites);
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final Map<Column, ColumnFamilyHandle> columns = new EnumMap<>(Column.class);
    private final WriteOptions syncWrites = durableWriteOptions();
    private final ReadOptions reads = new ReadOptions();

    RocksStore(Path directory) {
        try {
            Files.createDirectories(directory);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
            for (Column column : Column.values()) {
                descriptors.add(new ColumnFamilyDescriptor(column.familyName(), columnOptions));
            }
            db = RocksDB.open(options, directory.toString(), descriptors, handles);
            for (Column column : Column.values()) {
                columns.put(column, handles.get(column.ordinal() + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + directory, e);
        } catch (RocksDBException e) {
            throw new StoreException("cannot open RocksDB at " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Every write is synced before it returns: nothing is acknowledged that a crash could lose. */
    static WriteOptions durableWriteOptions() {
        return new WriteOptions().setSync(true);
    }

    WriteOptions syncWrites() {
        return syncWrites;
    }

    byte[] get(Column column, byte[] key) {
        try {
            return db.get(columns.get(column), reads, key);
        } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    byte[] get(WriteBatchWithIndex batch, Column column, byte[] key) {
        try {
            return batch.getFromBatchAndDB(db, columns.get(column), reads, key);
        } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    RocksIterator iterator(Column column) {
        return db.newIterator(columns.get(column));
    }

    RocksIterator iterator(WriteBatchWithIndex batch, Column column) {
        return batch.newIteratorWithBase(columns.get(column), db.newIterator(columns.get(column)));
    }

    void put(WriteBatchWithIndex batch, Column column, byte[] key, byte[] value) {
        try {
            batch.put(columns.get(column), key, value);
        } catch (RocksDBException e) {
            throw new StoreException("batch put failed: " + e.getMessage(), e);
        }
    }

    void delete(WriteBatchWithIndex batch, Column column, byte[] key) {
        try {
            batch.delete(columns.get(column), key);
        } catch (RocksDBException e) {
            throw new StoreException("batch delete failed: " + e.getMessage(), e);
        }
    }

    void putSynced(Column column, byte[] key, byte[] value) {
        try {
            db.put(columns.get(column), syncWrites, key, value);
        } catch (RocksDBException e) {
            throw new StoreException("write failed: " + e.getMessage(), e);
        }
    }

    void commit(WriteBatchWithIndex batch) {
        try {
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new StoreException("commit failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        syncWrites.close();
        reads.close();
        options.close();
        backgroundWrites.close();
        columnOptions.close();
        tableBloom.close();
    }
}

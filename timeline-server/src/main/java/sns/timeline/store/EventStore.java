package sns.timeline.store;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Event;
import sns.timeline.clock.HybridLogicalClock;

/**
 * A server's durable store (DESIGN §4 Storage): the event log, the state the events build, and
 * the server's own metadata, in one RocksDB. All writes go through the single writer; every
 * future it returns completes only after a synced commit, so whatever is acknowledged survives
 * a crash.
 */
public final class EventStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    private final RocksStore rocks;
    private final ServerMeta meta;
    private final HybridLogicalClock clock;
    private final SingleWriter writer;
    private final StateView committed;
    private final List<Consumer<List<Event>>> listeners = new CopyOnWriteArrayList<>();

    /** The default bound of queued client writes ({@code sns.store.max-queued-writes}). */
    public static final int DEFAULT_MAX_QUEUED_WRITES = 1000;

    private EventStore(Path directory, InstantSource wallClock, int maxQueuedWrites) {
        this.rocks = new RocksStore(directory);
        this.meta = new ServerMeta(rocks);
        this.clock = new HybridLogicalClock(wallClock);
        long maxHlc = SingleWriter.storedMaxHlc(rocks);
        this.clock.resumeFrom(maxHlc);
        this.writer = new SingleWriter(rocks, clock, meta.serverUid(), this::announce, maxQueuedWrites, maxHlc);
        this.committed = new CommittedView(rocks, writer::committedVersions);
        log.info("Opened store {} (server uid {}, epoch fence {}, {} origins)", directory, meta.serverUid(),
                meta.epochFence(), committed.versionVector().size());
    }

    public static EventStore open(Path directory, InstantSource wallClock) {
        return open(directory, wallClock, DEFAULT_MAX_QUEUED_WRITES);
    }

    /** Opens the store; at most {@code maxQueuedWrites} client writes wait for the writer at once. */
    public static EventStore open(Path directory, InstantSource wallClock, int maxQueuedWrites) {
        return new EventStore(directory, wallClock, maxQueuedWrites);
    }

    public String serverUid() {
        return meta.serverUid();
    }

    public ServerMeta meta() {
        return meta;
    }

    /** Reads of committed state. */
    public StateView committed() {
        return committed;
    }

    /**
     * Queues a transaction for the single writer; completes after its synced commit. For the
     * server's own work (applying replicated events), which its callers bound themselves.
     */
    public <R> CompletableFuture<R> write(Transaction<R> transaction) {
        return writer.submit(transaction, () -> false, false);
    }

    /**
     * Queues a client's transaction: refused at once ({@link StoreOverloadedException}) when
     * the bounded queue is full, and skipped ({@link WriteAbandonedException}) if
     * {@code abandoned} is true by the time the writer reaches it (the caller's deadline passed
     * or it cancelled), so the writer never spends a synced commit on an answer nobody awaits.
     */
    public <R> CompletableFuture<R> writeFor(Transaction<R> transaction, BooleanSupplier abandoned) {
        return writer.submit(transaction, abandoned, true);
    }

    /** Called on the writer thread after each commit with the events it applied; keep it short. */
    public void onCommitted(Consumer<List<Event>> listener) {
        listeners.add(listener);
    }

    private void announce(List<Event> events) {
        listeners.forEach(l -> l.accept(events));
    }

    @Override
    public void close() {
        writer.close();
        rocks.close();
    }
}

package sns.timeline.store;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private EventStore(Path directory, InstantSource wallClock) {
        this.rocks = new RocksStore(directory);
        this.meta = new ServerMeta(rocks);
        this.clock = new HybridLogicalClock(wallClock);
        this.clock.resumeFrom(WriteContext.maxHlc(rocks));
        this.committed = new StateView(rocks, null);
        this.writer = new SingleWriter(rocks, clock, meta.serverUid(), this::announce);
        log.info("Opened store {} (server uid {}, epoch fence {}, {} origins)", directory, meta.serverUid(),
                meta.epochFence(), committed.versionVector().size());
    }

    public static EventStore open(Path directory, InstantSource wallClock) {
        return new EventStore(directory, wallClock);
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

    /** Queues a transaction for the single writer; completes after its synced commit. */
    public <R> CompletableFuture<R> write(Transaction<R> transaction) {
        return writer.submit(transaction);
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

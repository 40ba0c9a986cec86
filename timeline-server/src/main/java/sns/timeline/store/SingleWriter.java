package sns.timeline.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.rocksdb.WriteBatchWithIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Event;
import sns.timeline.clock.HybridLogicalClock;

/**
 * The one thread that writes: it takes every queued transaction (up to a group size), runs
 * them in order against one batch, commits the batch with a synced write, and only then
 * completes their futures and announces the committed events. While more writes wait, that
 * happens on a second thread ({@code store-committed}, one group at a time in commit order), so
 * that the writer only builds batches and syncs; when none waits and no earlier group is still
 * being announced, the writer announces itself, which saves a thread hand-off per commit at
 * moderate rates. A failed transaction is rolled
 * back to its save point and does not disturb the others of its group. Client writes are
 * bounded: past {@code maxQueuedClientWrites} waiting ones a new one is refused at once, and one
 * whose caller has given up by the time the writer reaches it is skipped. The server's own
 * writes (replication, one batch per subscription at a time) are never refused. The writer keeps
 * the committed version vector in memory, replaced after each commit that moved it, so reading
 * it costs no scan; transactions see their group's moves before the commit.
 */
final class SingleWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SingleWriter.class);
    private static final int MAX_GROUP = 256;
    private static final byte[] MAX_HLC = Keys.of("max-hlc");

    private final RocksStore rocks;
    private final StateApplier applier;
    private final HybridLogicalClock clock;
    private final String localUid;
    private final Consumer<List<Event>> onCommitted;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final int maxQueuedClientWrites;
    private final AtomicInteger queuedClientWrites = new AtomicInteger();
    /** Groups handed to the committed thread and not yet announced (incremented by the writer only). */
    private final AtomicInteger handedOff = new AtomicInteger();
    private final Thread thread;
    private final ExecutorService committedThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "store-committed");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running = true;
    private long maxHlcStored;
    private volatile Map<String, Long> committedVersions;
    /** Versions moved by the committed-to-be transactions of the group being built (writer thread only). */
    private final Map<String, Long> groupVersions = new HashMap<>();

    SingleWriter(RocksStore rocks, HybridLogicalClock clock, String localUid, Consumer<List<Event>> onCommitted,
                 int maxQueuedClientWrites, long maxHlcStored) {
        this.rocks = rocks;
        this.applier = new StateApplier(rocks);
        this.clock = clock;
        this.localUid = localUid;
        this.onCommitted = onCommitted;
        this.maxQueuedClientWrites = maxQueuedClientWrites;
        this.maxHlcStored = maxHlcStored;
        this.committedVersions = Collections.unmodifiableMap(new TreeMap<>(new StateView(rocks, null).versionVector()));
        this.thread = new Thread(this::run, "store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The highest hlc of any stored event (written once per group commit), so the clock resumes above it. */
    static long storedMaxHlc(RocksStore rocks) {
        byte[] value = rocks.get(Column.META, MAX_HLC);
        return value == null ? 0 : Keys.toLong(value);
    }

    /** Origin uid -> highest contiguous seq of the committed state; immutable, replaced on change. */
    Map<String, Long> committedVersions() {
        return committedVersions;
    }

    <R> CompletableFuture<R> submit(Transaction<R> transaction, BooleanSupplier abandoned, boolean clientWrite) {
        Pending<R> pending = new Pending<>(transaction, abandoned, clientWrite);
        if (!running) {
            pending.future.completeExceptionally(new StoreException("store is closed"));
            return pending.future;
        }
        if (clientWrite && queuedClientWrites.incrementAndGet() > maxQueuedClientWrites) {
            queuedClientWrites.decrementAndGet();
            pending.future.completeExceptionally(new StoreOverloadedException("the server is overloaded: "
                    + maxQueuedClientWrites + " writes are already waiting; try again shortly"));
            return pending.future;
        }
        queue.add(pending);
        return pending.future;
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            group.forEach(this::dequeued);
            group.removeIf(Pending::skipIfAbandoned);
            commitGroup(group);
            group.clear();
        }
        failRemaining();
    }

    private void dequeued(Pending<?> pending) {
        if (pending.clientWrite) {
            queuedClientWrites.decrementAndGet();
        }
    }

    private void commitGroup(List<Pending<?>> group) {
        List<Event> committed = new ArrayList<>();
        groupVersions.clear();
        try (WriteBatchWithIndex batch = new WriteBatchWithIndex(true)) {
            for (Pending<?> pending : group) {
                pending.runIn(batch, this::newContext);
                committed.addAll(pending.applied);
                groupVersions.putAll(pending.advancedVersions);
            }
            long groupMaxHlc = committed.stream().mapToLong(Event::getHlc).max().orElse(0);
            if (groupMaxHlc > maxHlcStored) {
                rocks.put(batch, Column.META, MAX_HLC, Keys.longBytes(groupMaxHlc));
            }
            if (batch.count() > 0) {
                rocks.commit(batch);
            }
            maxHlcStored = Math.max(maxHlcStored, groupMaxHlc);
            if (!groupVersions.isEmpty()) {
                Map<String, Long> versions = new TreeMap<>(committedVersions);
                versions.putAll(groupVersions);
                committedVersions = Collections.unmodifiableMap(versions);
            }
        } catch (RuntimeException e) {
            log.error("Group commit of {} transactions failed", group.size(), e);
            group.forEach(p -> p.future.completeExceptionally(e));
            return;
        }
        List<Pending<?>> done = List.copyOf(group);
        if (queue.isEmpty() && handedOff.get() == 0) {
            announce(done, committed);
            return;
        }
        handedOff.incrementAndGet();
        committedThread.execute(() -> {
            try {
                announce(done, committed);
            } finally {
                handedOff.decrementAndGet();
            }
        });
    }

    private void announce(List<Pending<?>> done, List<Event> committed) {
        done.forEach(Pending::complete);
        if (!committed.isEmpty()) {
            try {
                onCommitted.accept(committed);
            } catch (RuntimeException e) {
                log.error("A listener of committed events failed", e);
            }
        }
    }

    private WriteContext newContext(WriteBatchWithIndex batch) {
        return new WriteContext(rocks, batch, applier, clock, localUid,
                origin -> groupVersions.getOrDefault(origin, committedVersions.getOrDefault(origin, 0L)));
    }

    private void failRemaining() {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.future.completeExceptionally(new StoreException("store is closed")));
        committedThread.shutdown();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
            committedThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A queued transaction and its outcome. */
    private static final class Pending<R> {
        private final Transaction<R> transaction;
        private final BooleanSupplier abandoned;
        private final boolean clientWrite;
        private final CompletableFuture<R> future = new CompletableFuture<>();
        private List<Event> applied = List.of();
        private Map<String, Long> advancedVersions = Map.of();
        private R result;
        private RuntimeException failure;

        Pending(Transaction<R> transaction, BooleanSupplier abandoned, boolean clientWrite) {
            this.transaction = transaction;
            this.abandoned = abandoned;
            this.clientWrite = clientWrite;
        }

        /** Fails the write without running it if its caller no longer waits; true if so. */
        boolean skipIfAbandoned() {
            if (!abandoned.getAsBoolean()) {
                return false;
            }
            future.completeExceptionally(new WriteAbandonedException(
                    "the caller gave up (deadline passed or call cancelled) before the write ran; nothing was stored"));
            return true;
        }

        void runIn(WriteBatchWithIndex batch, java.util.function.Function<WriteBatchWithIndex, WriteContext> contexts) {
            batch.setSavePoint();
            WriteContext context = contexts.apply(batch);
            try {
                result = transaction.run(context);
                applied = List.copyOf(context.applied());
                advancedVersions = Map.copyOf(context.advancedVersions());
            } catch (RuntimeException e) {
                rollback(batch);
                failure = e;
            }
        }

        private static void rollback(WriteBatchWithIndex batch) {
            try {
                batch.rollbackToSavePoint();
            } catch (org.rocksdb.RocksDBException e) {
                throw new StoreException("rollback failed: " + e.getMessage(), e);
            }
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}

package sns.timeline.replication;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import sns.api.v1.CaughtUp;
import sns.api.v1.Event;
import sns.api.v1.EventBatch;
import sns.api.v1.SubscribeResponse;
import sns.timeline.store.EventStore;
import sns.timeline.store.StateView;

/**
 * The publishing end of one Subscribe stream: sends every committed event the subscriber lacks,
 * read from the log in per-origin seq order and batched up to 32 KiB, only while gRPC says the
 * subscriber is ready; says {@code caught_up} once everything it had at the start is sent; then
 * tails the log, woken by every commit. Wake-ups coalesce: while a pump is queued, further
 * commits add nothing, and the pump sends everything committed by then, in batches filled up to
 * the limit. Only the contiguous prefix of each origin is published,
 * so a subscriber's version vector never has to skip a gap.
 */
final class LogPublisher {

    static final int MAX_BATCH_BYTES = 32 * 1024;
    private static final int READ_AHEAD = 256;

    private final EventStore store;
    private final PublisherOutput out;
    private final Executor executor;
    private final boolean bounded;
    private final Map<String, Long> sent;
    private final Map<String, Long> hadAtStart;
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private boolean caughtUpSent;
    private boolean closed;

    LogPublisher(EventStore store, PublisherOutput out, Executor executor,
                 Map<String, Long> subscriberHas, boolean bounded) {
        this.store = store;
        this.out = out;
        this.executor = executor;
        this.bounded = bounded;
        this.sent = new HashMap<>(subscriberHas);
        this.hadAtStart = store.committed().versionVector();
    }

    /** Asks for a pump on the publisher executor (after a commit, or when the stream is ready again). */
    void wake() {
        if (pumpQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                pumpQueued.set(false);
                pump();
            });
        }
    }

    synchronized void close() {
        closed = true;
    }

    /** Committed events this subscriber has not been sent yet (the outbox depth). */
    synchronized long backlog() {
        return VersionVectors.missing(sent, store.committed().versionVector());
    }

    private synchronized void pump() {
        while (!closed && out.isReady()) {
            EventBatch batch = nextBatch();
            if (batch.getEventsCount() > 0) {
                out.send(SubscribeResponse.newBuilder().setBatch(batch).build());
                batch.getEventsList().forEach(e -> sent.merge(e.getOriginUid(), e.getSeq(), Math::max));
                continue;
            }
            if (!caughtUpSent && VersionVectors.covers(sent, hadAtStart)) {
                caughtUpSent = true;
                out.send(SubscribeResponse.newBuilder()
                        .setCaughtUp(CaughtUp.newBuilder().setPublisherHas(VersionVectors.toProto(hadAtStart)))
                        .build());
                if (bounded) {
                    closed = true;
                    out.complete();
                }
            }
            return;
        }
    }

    private EventBatch nextBatch() {
        StateView log = store.committed();
        EventBatch.Builder batch = EventBatch.newBuilder();
        int bytes = 0;
        for (Map.Entry<String, Long> origin : log.versionVector().entrySet()) {
            long from = sent.getOrDefault(origin.getKey(), 0L) + 1;
            long upTo = origin.getValue();
            if (from > upTo) {
                continue;
            }
            List<Event> events = log.logFrom(origin.getKey(), from, (int) Math.min(READ_AHEAD, upTo - from + 1));
            for (Event event : events) {
                int size = event.getSerializedSize();
                if (batch.getEventsCount() > 0 && bytes + size > MAX_BATCH_BYTES) {
                    return batch.build();
                }
                batch.addEvents(event);
                bytes += size;
            }
        }
        return batch.build();
    }
}

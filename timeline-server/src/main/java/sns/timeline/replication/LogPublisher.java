package sns.timeline.replication;

import java.util.ArrayList;
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
 * so a subscriber's version vector never has to skip a gap. A subscriber is never sent its own
 * events: it wrote them, durably, before anyone could publish them. Once caught up, a commit whose events
 * are exactly what the subscriber lacks is sent from memory on the announcing thread, without a
 * pump or a log read; anything else (a gap, a later commit already visible, a full stream) falls
 * back to the pump.
 */
final class LogPublisher {

    static final int MAX_BATCH_BYTES = 32 * 1024;
    private static final int READ_AHEAD = 256;

    private final EventStore store;
    private final PublisherOutput out;
    private final Executor executor;
    private final boolean bounded;
    private final String subscriberUid;
    private final Map<String, Long> sent;
    private final Map<String, Long> hadAtStart;
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private boolean caughtUpSent;
    private boolean closed;

    LogPublisher(EventStore store, PublisherOutput out, Executor executor, String subscriberUid,
                 Map<String, Long> subscriberHas, boolean bounded) {
        this.store = store;
        this.out = out;
        this.executor = executor;
        this.bounded = bounded;
        this.subscriberUid = subscriberUid;
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

    /** After a commit, with the events it applied, in commit order. */
    void committed(List<Event> events) {
        if (!sendCommitted(events)) {
            wake();
        }
    }

    private synchronized boolean sendCommitted(List<Event> events) {
        if (closed || !caughtUpSent || pumpQueued.get() || !out.isReady()) {
            return false;
        }
        Map<String, Long> after = new HashMap<>(sent);
        List<Event> lacking = new ArrayList<>(events.size());
        for (Event event : events) {
            long has = after.getOrDefault(event.getOriginUid(), 0L);
            if (event.getSeq() <= has || event.getOriginUid().equals(subscriberUid)) {
                continue;
            }
            if (event.getSeq() != has + 1) {
                return false;
            }
            after.put(event.getOriginUid(), event.getSeq());
            lacking.add(event);
        }
        if (!coversAllButSubscriber(after, store.committed().versionVector())) {
            return false;
        }
        EventBatch.Builder batch = EventBatch.newBuilder();
        int bytes = 0;
        for (Event event : lacking) {
            int size = event.getSerializedSize();
            if (batch.getEventsCount() > 0 && bytes + size > MAX_BATCH_BYTES) {
                out.send(SubscribeResponse.newBuilder().setBatch(batch).build());
                batch = EventBatch.newBuilder();
                bytes = 0;
            }
            batch.addEvents(event);
            bytes += size;
        }
        if (batch.getEventsCount() > 0) {
            out.send(SubscribeResponse.newBuilder().setBatch(batch).build());
        }
        sent.putAll(after);
        return true;
    }

    synchronized void close() {
        closed = true;
    }

    /** Committed events this subscriber has not been sent yet (the outbox depth). */
    synchronized long backlog() {
        Map<String, Long> committed = new HashMap<>(store.committed().versionVector());
        committed.remove(subscriberUid);
        return VersionVectors.missing(sent, committed);
    }

    private boolean coversAllButSubscriber(Map<String, Long> have, Map<String, Long> wanted) {
        for (Map.Entry<String, Long> origin : wanted.entrySet()) {
            if (!origin.getKey().equals(subscriberUid) && have.getOrDefault(origin.getKey(), 0L) < origin.getValue()) {
                return false;
            }
        }
        return true;
    }

    private synchronized void pump() {
        while (!closed && out.isReady()) {
            EventBatch batch = nextBatch();
            if (batch.getEventsCount() > 0) {
                out.send(SubscribeResponse.newBuilder().setBatch(batch).build());
                batch.getEventsList().forEach(e -> sent.merge(e.getOriginUid(), e.getSeq(), Math::max));
                continue;
            }
            if (!caughtUpSent && coversAllButSubscriber(sent, hadAtStart)) {
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
            if (from > upTo || origin.getKey().equals(subscriberUid)) {
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

package sns.timeline.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.rocksdb.WriteBatchWithIndex;
import sns.api.v1.Event;
import sns.timeline.clock.HybridLogicalClock;

/**
 * What a transaction can do: read (including its own writes), append a new local event, or
 * apply a replicated one. Only the single writer thread ever holds one.
 */
public final class WriteContext extends StateView {

    private final RocksStore rocks;
    private final WriteBatchWithIndex batch;
    private final StateApplier applier;
    private final HybridLogicalClock clock;
    private final String localUid;
    private final ToLongFunction<String> versionsBefore;
    private final List<Event> applied = new ArrayList<>();
    private final Map<String, Long> advancedVersions = new HashMap<>();

    /** {@code versionsBefore}: each origin's contiguous seq as this transaction's batch found it. */
    WriteContext(RocksStore rocks, WriteBatchWithIndex batch, StateApplier applier, HybridLogicalClock clock,
                 String localUid, ToLongFunction<String> versionsBefore) {
        super(rocks, batch);
        this.rocks = rocks;
        this.batch = batch;
        this.applier = applier;
        this.clock = clock;
        this.localUid = localUid;
        this.versionsBefore = versionsBefore;
    }

    @Override
    public long highestContiguousSeq(String originUid) {
        Long advanced = advancedVersions.get(originUid);
        return advanced != null ? advanced : versionsBefore.applyAsLong(originUid);
    }

    /**
     * Turns a body into this server's next event: origin = this server, seq = the next dense
     * seq, hlc = a fresh tick. The event and its state changes go into the same batch.
     */
    public Event append(Event.Builder body) {
        Event event = body.clone()
                .setOriginUid(localUid)
                .setSeq(highestContiguousSeq(localUid) + 1)
                .setHlc(clock.tick())
                .build();
        store(event);
        return event;
    }

    /**
     * Applies a replicated event; false if it was already applied (a duplicate changes nothing).
     * The contiguous seq answers for the usual in-order case without a read: every seq up to it is
     * stored and the one after it is not (else it would have moved). Only an event past a gap needs
     * the log.
     */
    public boolean apply(Event event) {
        long highest = highestContiguousSeq(event.getOriginUid());
        if (event.getSeq() <= highest) {
            return false;
        }
        if (event.getSeq() > highest + 1
                && get(Column.EVENTS, Keys.event(event.getOriginUid(), event.getSeq())) != null) {
            return false;
        }
        clock.observe(event.getHlc());
        store(event);
        return true;
    }

    private void store(Event event) {
        rocks.put(batch, Column.EVENTS, Keys.event(event.getOriginUid(), event.getSeq()), event.toByteArray());
        applier.apply(batch, this, event);
        advanceVersion(event);
        applied.add(event);
    }

    /**
     * Moves the origin's contiguous seq past every event now present without a gap. An event
     * stored past a gap moves nothing. This server's own events are only ever made here, each
     * right after the last, so none can be waiting beyond it; another origin's may have arrived
     * ahead of it and are looked for.
     */
    private void advanceVersion(Event stored) {
        String originUid = stored.getOriginUid();
        if (stored.getSeq() != highestContiguousSeq(originUid) + 1) {
            return;
        }
        long next = stored.getSeq();
        if (!originUid.equals(localUid)) {
            while (get(Column.EVENTS, Keys.event(originUid, next + 1)) != null) {
                next++;
            }
        }
        rocks.put(batch, Column.VERSIONS, Keys.of(originUid), Keys.longBytes(next));
        advancedVersions.put(originUid, next);
    }

    List<Event> applied() {
        return applied;
    }

    /** The origins whose contiguous seq this transaction moved, and where to. */
    Map<String, Long> advancedVersions() {
        return advancedVersions;
    }
}

package sns.timeline.live;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import sns.api.v1.Event;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;

/**
 * Pushes every committed post (a local write or a replicated one) to the open timeline streams
 * of the author's followers who followed before the post was made, but only once it is
 * {@link SocialService#acknowledgedSafe acknowledged-safe}: a replicated post when it is durably
 * applied here, a post written here when its write is acknowledged (durable on every in-sync
 * replica), so a follower never sees a post that a failover can still lose. Local posts wait in
 * seq order until then. Runs on the store's writer thread or on the acknowledging request's
 * thread, so a sink must only enqueue.
 */
public final class LiveFeed {

    private final SocialService social;
    private final Map<String, Set<LiveSink>> sinksByFollower = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final NavigableMap<Long, Event> unacknowledged = new TreeMap<>();

    public LiveFeed(SocialService social) {
        this.social = social;
    }

    /** Starts delivering the follower's new timeline posts to the sink until the subscription closes. */
    public AutoCloseable subscribe(String followerId, LiveSink sink) {
        sinksByFollower.computeIfAbsent(followerId, id -> ConcurrentHashMap.newKeySet()).add(sink);
        open.incrementAndGet();
        return () -> {
            if (sinksByFollower.getOrDefault(followerId, Set.of()).remove(sink)) {
                open.decrementAndGet();
            }
            sinksByFollower.computeIfPresent(followerId, (id, sinks) -> sinks.isEmpty() ? null : sinks);
        };
    }

    public int openStreams() {
        return open.get();
    }

    /** Called with each group of committed events. */
    public synchronized void onCommitted(List<Event> events) {
        for (Event event : events) {
            if (!event.hasPosted()) {
                continue;
            }
            if (social.acknowledgedSafe(event)) {
                deliver(event);
            } else {
                unacknowledged.put(event.getSeq(), event);
            }
        }
    }

    /** This server's events up to {@code seq} are acknowledged: their posts go out now, in seq order. */
    public synchronized void acknowledgedUpTo(long seq) {
        var released = unacknowledged.headMap(seq, true);
        released.values().forEach(this::deliver);
        released.clear();
    }

    private void deliver(Event post) {
        if (sinksByFollower.isEmpty()) {
            return;
        }
        TimelinePost view = null;
        for (var entry : sinksByFollower.entrySet()) {
            if (!social.belongsToTimeline(entry.getKey(), post)) {
                continue;
            }
            if (view == null) {
                view = social.view(post);
            }
            for (LiveSink sink : entry.getValue()) {
                sink.offer(view);
            }
        }
    }
}

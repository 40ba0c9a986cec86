package sns.timeline.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Event;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;

/**
 * Pushes every committed post (a local write or a replicated one) to the open timeline streams
 * of the author's followers who followed before the post was made, but only once it is
 * {@link SocialService#acknowledgedSafe acknowledged-safe}: a replicated post when it is durably
 * applied here, a post written here when its write is acknowledged (durable on every in-sync
 * replica), so a follower never sees a post that a failover can still lose. Local posts wait in
 * seq order until then.
 *
 * <p>All of it runs on one thread of its own ({@code live-fanout}), in the order the store
 * announced commits and acknowledgements, so neither the store's writer nor a request waits for
 * fan-out. A post costs no store read per stream: the feed keeps, for each follower with an open
 * stream, the latest follow event of each pair (last writer wins, as in the store), loaded when
 * a stream of the follower opens and kept current from committed follow events. Either order
 * of the load and a concurrent follow event gives the same index, because both merge by the
 * same order. A sink must only enqueue.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final SocialService social;
    private final Map<String, Set<LiveSink>> sinksByFollower = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService fanOut = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "live-fanout");
        thread.setDaemon(true);
        return thread;
    });
    // Only the fan-out thread touches these two.
    private final OpenFollows follows = new OpenFollows();
    private final NavigableMap<Long, Event> unacknowledged = new TreeMap<>();

    public LiveFeed(SocialService social) {
        this.social = social;
    }

    /** Starts delivering the follower's new timeline posts to the sink until the subscription closes. */
    public AutoCloseable subscribe(String followerId, LiveSink sink) {
        sinksByFollower.computeIfAbsent(followerId, id -> ConcurrentHashMap.newKeySet()).add(sink);
        open.incrementAndGet();
        run(() -> follows.load(followerId, social.followStates(followerId)));
        return () -> {
            if (sinksByFollower.getOrDefault(followerId, Set.of()).remove(sink)) {
                open.decrementAndGet();
            }
            sinksByFollower.computeIfPresent(followerId, (id, sinks) -> sinks.isEmpty() ? null : sinks);
            run(() -> {
                if (!sinksByFollower.containsKey(followerId)) {
                    follows.forget(followerId);
                }
            });
        };
    }

    public int openStreams() {
        return open.get();
    }

    /** Called with each group of committed events. */
    public void onCommitted(List<Event> events) {
        run(() -> events.forEach(this::committed));
    }

    /** This server's events up to {@code seq} are acknowledged: their posts go out now, in seq order. */
    public void acknowledgedUpTo(long seq) {
        run(() -> {
            var released = unacknowledged.headMap(seq, true);
            released.values().forEach(this::deliver);
            released.clear();
        });
    }

    /** Completes once everything queued for the fan-out thread before this call has run. */
    public CompletableFuture<Void> idle() {
        return CompletableFuture.runAsync(() -> {}, fanOut);
    }

    private void committed(Event event) {
        switch (event.getBodyCase()) {
            case FOLLOWED -> followChanged(event.getFollowed().getFollowerId(), event);
            case UNFOLLOWED -> followChanged(event.getUnfollowed().getFollowerId(), event);
            case POSTED -> {
                if (social.acknowledgedSafe(event)) {
                    deliver(event);
                } else {
                    unacknowledged.put(event.getSeq(), event);
                }
            }
            default -> { }
        }
    }

    private void followChanged(String followerId, Event event) {
        if (sinksByFollower.containsKey(followerId)) {
            follows.merge(followerId, event);
        }
    }

    private void deliver(Event post) {
        Map<String, Event> followers = follows.of(post.getPosted().getAuthorId());
        TimelinePost view = null;
        for (var follower : followers.entrySet()) {
            Event follow = follower.getValue();
            if (!follow.hasFollowed() || follow.getHlc() >= post.getHlc()) {
                continue;
            }
            if (view == null) {
                view = social.view(post);
            }
            for (LiveSink sink : sinksByFollower.getOrDefault(follower.getKey(), Set.of())) {
                sink.offer(view);
            }
        }
    }

    private void run(Runnable task) {
        fanOut.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Live fan-out failed", e);
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        fanOut.shutdown();
        fanOut.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Followee id -> follower id -> the pair's latest follow event, for followers with open streams. */
    private static final class OpenFollows {
        private final Map<String, Map<String, Event>> byFollowee = new HashMap<>();

        void load(String followerId, List<Event> followStates) {
            followStates.forEach(state -> merge(followerId, state));
        }

        void merge(String followerId, Event state) {
            String followee = state.hasFollowed() ? state.getFollowed().getFolloweeId()
                    : state.getUnfollowed().getFolloweeId();
            byFollowee.computeIfAbsent(followee, id -> new HashMap<>())
                    .merge(followerId, state, (current, next) ->
                            sns.timeline.store.EventOrder.LAST_WRITER_WINS.compare(next, current) > 0 ? next : current);
        }

        void forget(String followerId) {
            byFollowee.values().forEach(followers -> followers.remove(followerId));
            byFollowee.values().removeIf(Map::isEmpty);
        }

        Map<String, Event> of(String followeeId) {
            return byFollowee.getOrDefault(followeeId, Map.of());
        }
    }
}

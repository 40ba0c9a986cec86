package sns.timeline.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.PostRequest;
import sns.api.v1.TimelineLive;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelinePostAck;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.timeline.live.LiveFeed;
import sns.timeline.live.LiveSink;
import sns.timeline.role.WriteGate;
import sns.timeline.social.Caller;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;
import sns.timeline.social.TimelineReads;

/**
 * One open Timeline stream. Subscribes to the live feed before it reads the initial posts, so
 * no post falls between the two, and holds live posts back until the initial posts are sent, then
 * sends those it has not sent already, so a post committed in between arrives once and after them.
 * A resume replays page by page (every post after the look-back position, however many) as the
 * client reads. Everything it sends goes through one bounded queue drained only while gRPC says
 * the client is ready; a client that lets the queue (or the live posts held during a replay) fill
 * up is cut off with RESOURCE_EXHAUSTED.
 */
final class TimelineCall implements StreamObserver<TimelineRequest>, LiveSink {

    private static final Logger log = LoggerFactory.getLogger(TimelineCall.class);
    private static final int REPLAY_PAGE = 100;

    private final ServerCallStreamObserver<TimelineResponse> out;
    private final SocialService social;
    private final TimelineReads reads;
    private final LiveFeed feed;
    private final Supplier<Caller> authenticate;
    private final int maxQueued;
    private final long lookBackHlc;
    private final Queue<TimelineResponse> queue = new ArrayDeque<>();
    private final Set<String> sentBeforeLive = new HashSet<>();
    private final List<TimelinePost> heldLive = new ArrayList<>();
    private ReplayPosition replay;
    private int replayed;
    private boolean live;
    private Caller caller;
    private AutoCloseable subscription;
    private boolean closed;

    TimelineCall(ServerCallStreamObserver<TimelineResponse> out, SocialService social, TimelineReads reads,
                 LiveFeed feed, Supplier<Caller> authenticate, int maxQueued, Duration lookBack) {
        this.out = out;
        this.social = social;
        this.reads = reads;
        this.feed = feed;
        this.authenticate = authenticate;
        this.maxQueued = maxQueued;
        this.lookBackHlc = lookBack.toMillis() << 16;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(this::unsubscribe);
    }

    @Override
    public void onNext(TimelineRequest request) {
        try {
            ClientMessageLimit.check(request);
            switch (request.getKindCase()) {
                case OPEN -> open(request.getOpen());
                case POST -> post(request.getPost());
                case KIND_NOT_SET -> throw Status.INVALID_ARGUMENT
                        .withDescription("a timeline message must be open or post").asRuntimeException();
            }
        } catch (RuntimeException e) {
            fail(GrpcErrors.toStatus(e));
        }
    }

    private void open(TimelineOpen open) {
        if (caller != null) {
            throw Status.INVALID_ARGUMENT.withDescription("the timeline is already open").asRuntimeException();
        }
        caller = authenticate.get();
        subscription = feed.subscribe(caller.userId(), this);
        if (open.hasResumeFrom()) {
            synchronized (this) {
                replay = new ReplayPosition(Math.max(0, open.getResumeFrom().getHlc() - lookBackHlc), "");
            }
        } else {
            List<TimelinePost> initial = reads.latestTimeline(caller);
            synchronized (this) {
                initial.forEach(this::enqueueBeforeLive);
                goLive();
            }
        }
        drain();
    }

    private void post(PostRequest request) {
        if (caller == null) {
            throw Status.FAILED_PRECONDITION.withDescription("open the timeline before posting on it")
                    .asRuntimeException();
        }
        TimelinePostAck.Builder ack = TimelinePostAck.newBuilder().setIdempotencyKey(request.getIdempotencyKey());
        try {
            social.postAsync(caller, request.getText(), request.getIdempotencyKey().toByteArray())
                    .whenComplete((posted, failure) -> {
                        if (failure != null) {
                            refused(ack, WriteGate.unwrap(failure));
                        } else {
                            ack.setPost(ProtoViews.post(posted));
                        }
                        sendAck(ack);
                    });
        } catch (RuntimeException e) {
            refused(ack, e);
            sendAck(ack);
        }
    }

    private static void refused(TimelinePostAck.Builder ack, RuntimeException failure) {
        Status status = GrpcErrors.toStatus(failure).getStatus();
        ack.setStatusCode(status.getCode().value()).setErrorMessage(String.valueOf(status.getDescription()));
    }

    private void sendAck(TimelinePostAck.Builder ack) {
        synchronized (this) {
            enqueue(TimelineResponse.newBuilder().setPostAck(ack).build());
        }
        drain();
    }

    @Override
    public void offer(TimelinePost post) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!live) {
                heldLive.add(post);
                if (heldLive.size() > maxQueued) {
                    cutOff(heldLive.size());
                }
                return;
            }
            if (sentBeforeLive.contains(post.postId())) {
                return;
            }
            enqueuePost(post);
        }
        drain();
    }

    /** Caller holds the monitor. */
    private void enqueueBeforeLive(TimelinePost post) {
        sentBeforeLive.add(post.postId());
        replayed++;
        enqueuePost(post);
    }

    /** Caller holds the monitor: the initial posts are queued; the held live posts follow them. */
    private void goLive() {
        enqueue(TimelineResponse.newBuilder()
                .setLive(TimelineLive.newBuilder().setInitialPosts(replayed)).build());
        live = true;
        heldLive.stream().filter(post -> !sentBeforeLive.contains(post.postId()))
                .forEach(this::enqueuePost);
        heldLive.clear();
    }

    /** Caller holds the monitor: queues the next page of a resume's replay, or goes live after the last. */
    private void replayNextPage() {
        List<TimelinePost> page = reads.timelinePage(caller, replay.hlc(), replay.postId(),
                Math.max(1, Math.min(REPLAY_PAGE, maxQueued / 2)));
        if (page.isEmpty()) {
            replay = null;
            goLive();
            return;
        }
        page.forEach(this::enqueueBeforeLive);
        TimelinePost last = page.get(page.size() - 1);
        replay = new ReplayPosition(last.hlc(), last.postId());
    }

    /** Caller holds the monitor. */
    private void enqueuePost(TimelinePost post) {
        enqueue(TimelineResponse.newBuilder().setPost(ProtoViews.post(post)).build());
    }

    /** Caller holds the monitor. */
    private void enqueue(TimelineResponse response) {
        if (closed) {
            return;
        }
        if (queue.size() >= maxQueued) {
            cutOff(queue.size());
            return;
        }
        queue.add(response);
    }

    private void cutOff(int behind) {
        log.info("Cutting off the timeline of {}: {} messages queued", caller.username(), behind);
        fail(Status.RESOURCE_EXHAUSTED.withDescription("you are not reading your timeline fast enough; "
                + "reconnect with your resume cursor").asRuntimeException());
    }

    private synchronized void drain() {
        while (!closed && out.isReady()) {
            if (!queue.isEmpty()) {
                out.onNext(queue.poll());
            } else if (replay != null) {
                try {
                    replayNextPage();
                } catch (RuntimeException e) {
                    fail(GrpcErrors.toStatus(e));
                }
            } else {
                return;
            }
        }
    }

    private synchronized void fail(StatusRuntimeException error) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        heldLive.clear();
        unsubscribe();
        out.onError(error);
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            closed = true;
            queue.clear();
            heldLive.clear();
        }
        unsubscribe();
    }

    @Override
    public synchronized void onCompleted() {
        unsubscribe();
        if (!closed) {
            closed = true;
            queue.forEach(out::onNext);
            out.onCompleted();
        }
    }

    private void unsubscribe() {
        AutoCloseable current = subscription;
        subscription = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.debug("Closing a live subscription failed", e);
            }
        }
    }

    /** Where a resume's replay continues: after this (hlc, post id). */
    private record ReplayPosition(long hlc, String postId) {}
}

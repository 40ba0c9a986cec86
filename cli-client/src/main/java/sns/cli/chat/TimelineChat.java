package sns.cli.chat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import sns.api.v1.Post;
import sns.api.v1.PostRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineCursor;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelinePostAck;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import sns.cli.connection.IdempotencyKeys;
import sns.cli.connection.ServerConnection;
import sns.cli.connection.ServerDirectory;
import sns.cli.connection.ServerTarget;

/**
 * Chat mode: shows the timeline, then live posts as they arrive; each typed line is a post sent
 * on the stream with its own idempotency key. When the stream breaks (failover) it asks the
 * coordinator for the new master, re-opens with the resume cursor, drops posts it has already
 * shown and re-sends the posts still waiting for an acknowledgement with their original keys,
 * so the user misses nothing and sees nothing twice.
 */
public final class TimelineChat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final int REMEMBERED_IDS = 10_000;

    private final ServerDirectory directory;
    private final String token;
    private final Consumer<String> out;
    private final Duration retryDeadline;
    private final Duration retryBackoff;
    private final ExponentialBackOff reconnectBackOff;
    private final Set<String> shown = new LinkedHashSet<>();
    private final Map<ByteString, String> unacknowledged = new LinkedHashMap<>();
    private TimelineCursor cursor;
    private ClientCallStreamObserver<TimelineRequest> stream;
    private List<Post> initialBatch = new ArrayList<>();
    private boolean closing;
    private int generation;
    private BackOffExecution sinceLastLive;

    public TimelineChat(ServerDirectory directory, String token, Consumer<String> out, Duration retryDeadline,
                        Duration retryBackoff, Duration retryMaxBackoff) {
        this.directory = directory;
        this.token = token;
        this.out = out;
        this.retryDeadline = retryDeadline;
        this.retryBackoff = retryBackoff;
        this.reconnectBackOff = new ExponentialBackOff(retryBackoff.toMillis(), 2.0);
        this.reconnectBackOff.setMaxInterval(retryMaxBackoff.toMillis());
    }

    /** Opens the stream on the current server. */
    public synchronized void open() {
        connect(directory.current());
    }

    /** Sends a typed line as a post. */
    public synchronized void post(String text) {
        ByteString key = IdempotencyKeys.newKey();
        unacknowledged.put(key, text);
        send(key, text);
    }

    public synchronized void close() {
        closing = true;
        if (stream != null) {
            stream.onCompleted();
        }
    }

    private void connect(ServerTarget target) {
        int myGeneration = ++generation;
        initialBatch = new ArrayList<>();
        SocialGrpc.SocialStub stub = SocialGrpc.newStub(directory.channel(target))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ServerConnection.bearer(token)));
        stub.timeline(new ClientResponseObserver<TimelineRequest, TimelineResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<TimelineRequest> requestStream) {
                stream = requestStream;
            }

            @Override
            public void onNext(TimelineResponse response) {
                received(myGeneration, response);
            }

            @Override
            public void onError(Throwable t) {
                lost(myGeneration, Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                lost(myGeneration, Status.UNAVAILABLE.withDescription("the server closed the timeline"));
            }
        });
        TimelineOpen.Builder open = TimelineOpen.newBuilder();
        if (cursor != null) {
            open.setResumeFrom(cursor);
        }
        stream.onNext(TimelineRequest.newBuilder().setOpen(open).build());
        unacknowledged.forEach(this::send);
    }

    private synchronized void received(int fromGeneration, TimelineResponse response) {
        if (fromGeneration != generation) {
            return;
        }
        switch (response.getKindCase()) {
            case POST -> {
                if (initialBatch != null) {
                    initialBatch.add(response.getPost());
                } else {
                    show(response.getPost());
                }
            }
            case LIVE -> {
                List<Post> oldestFirst = new ArrayList<>(initialBatch);
                oldestFirst.sort((a, b) -> Long.compare(a.getHlc(), b.getHlc()));
                initialBatch = null;
                sinceLastLive = null;
                oldestFirst.forEach(this::show);
            }
            case POST_ACK -> acknowledged(response.getPostAck());
            default -> { }
        }
    }

    private void acknowledged(TimelinePostAck ack) {
        if (ack.getStatusCode() == Status.Code.OK.value()) {
            if (unacknowledged.remove(ack.getIdempotencyKey()) != null) {
                Post post = ack.getPost();
                out.accept(TIME.format(Instant.ofEpochMilli(post.getPostedAtMillis())) + "  you: " + post.getText());
            }
        } else if (ack.getStatusCode() != Status.Code.UNAVAILABLE.value()) {
            unacknowledged.remove(ack.getIdempotencyKey());
            out.accept("error: " + ack.getErrorMessage());
        } else if (stream != null) {
            stream.cancel("the server cannot take writes", null);
        }
    }

    private void show(Post post) {
        if (!shown.add(post.getPostId())) {
            return;
        }
        if (shown.size() > REMEMBERED_IDS) {
            shown.remove(shown.iterator().next());
        }
        if (cursor == null || post.getHlc() > cursor.getHlc()) {
            cursor = TimelineCursor.newBuilder().setHlc(post.getHlc()).setPostId(post.getPostId()).build();
        }
        out.accept(TIME.format(Instant.ofEpochMilli(post.getPostedAtMillis())) + "  " + post.getAuthor() + ": "
                + post.getText().replace("\n", "\n          "));
    }

    private void lost(int fromGeneration, Status status) {
        synchronized (this) {
            if (closing || fromGeneration != generation) {
                return;
            }
            stream = null;
        }
        Thread reconnect = new Thread(() -> reconnect(status), "timeline-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    /**
     * The first reconnect after a stream went live goes at once; a stream that breaks again before
     * it is live (the coordinator still names the old master) waits longer each time.
     */
    private void reconnect(Status why) {
        long delay;
        synchronized (this) {
            if (sinceLastLive == null) {
                sinceLastLive = reconnectBackOff.start();
                delay = 0;
            } else {
                delay = sinceLastLive.nextBackOff();
            }
        }
        RetryTemplate retry = RetryTemplate.builder()
                .withinMillis(retryDeadline.toMillis())
                .exponentialBackoff(Math.max(1, retryBackoff.toMillis()), 2.0, reconnectBackOff.getMaxInterval(), true)
                .retryOn(RuntimeException.class)
                .build();
        try {
            Thread.sleep(delay);
            ServerTarget target = retry.execute(context -> {
                ServerTarget next = directory.refresh();
                synchronized (this) {
                    if (!closing) {
                        connect(next);
                    }
                }
                return next;
            });
            out.accept("(reconnected to " + target.address() + ", cluster " + target.clusterId() + ")");
        } catch (RuntimeException e) {
            out.accept("error: lost the timeline (" + why.getCode() + "); type exit and try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(ByteString key, String text) {
        if (stream != null) {
            stream.onNext(TimelineRequest.newBuilder()
                    .setPost(PostRequest.newBuilder().setText(text).setIdempotencyKey(key)).build());
        }
    }

}

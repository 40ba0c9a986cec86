package sns.timeline.testing;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import sns.api.v1.Post;
import sns.api.v1.PostRequest;
import sns.api.v1.TimelineCursor;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelinePostAck;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.timeline.testing.LocalCluster.ServerNode;

/** A client's end of a Timeline stream over real gRPC that records everything it receives. */
public final class TimelineProbe implements ClientResponseObserver<TimelineRequest, TimelineResponse>, AutoCloseable {

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<TimelinePostAck> acks = new CopyOnWriteArrayList<>();
    private final boolean reads;
    private volatile boolean live;
    private volatile Status closedWith;
    private volatile ClientCallStreamObserver<TimelineRequest> requests;

    private TimelineProbe(boolean reads) {
        this.reads = reads;
    }

    public static TimelineProbe open(ServerNode node, String token) {
        return open(node, token, null, true);
    }

    /** A probe that never asks for a message: gRPC flow control holds everything back. */
    public static TimelineProbe openWithoutReading(ServerNode node, String token,
                                                   sns.api.v1.SocialGrpc.SocialStub stub) {
        TimelineProbe probe = new TimelineProbe(false);
        probe.requests = (ClientCallStreamObserver<TimelineRequest>) stub.timeline(probe);
        probe.requests.onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
        return probe;
    }

    public static TimelineProbe open(ServerNode node, String token, TimelineCursor resumeFrom, boolean reads) {
        TimelineProbe probe = new TimelineProbe(reads);
        Clients.asyncAs(node, token).timeline(probe);
        TimelineOpen.Builder open = TimelineOpen.newBuilder();
        if (resumeFrom != null) {
            open.setResumeFrom(resumeFrom);
        }
        probe.requests.onNext(TimelineRequest.newBuilder().setOpen(open).build());
        return probe;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<TimelineRequest> stream) {
        this.requests = stream;
        if (!reads) {
            stream.disableAutoRequestWithInitial(0);
        }
    }

    @Override
    public void onNext(TimelineResponse response) {
        switch (response.getKindCase()) {
            case POST -> posts.add(response.getPost());
            case LIVE -> live = true;
            case POST_ACK -> acks.add(response.getPostAck());
            default -> { }
        }
    }

    @Override
    public void onError(Throwable t) {
        closedWith = Status.fromThrowable(t);
    }

    @Override
    public void onCompleted() {
        closedWith = Status.OK;
    }

    public void send(PostRequest post) {
        requests.onNext(TimelineRequest.newBuilder().setPost(post).build());
    }

    /** A probe opened without reading starts to read everything. */
    public void startReading() {
        requests.request(Integer.MAX_VALUE);
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    public List<String> texts() {
        return posts.stream().map(Post::getText).toList();
    }

    public List<TimelinePostAck> acks() {
        return List.copyOf(acks);
    }

    public boolean isLive() {
        return live;
    }

    public Status closedWith() {
        return closedWith;
    }

    @Override
    public void close() {
        if (closedWith == null) {
            requests.onCompleted();
        }
    }
}

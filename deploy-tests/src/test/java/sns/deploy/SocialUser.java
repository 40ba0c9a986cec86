package sns.deploy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import sns.api.v1.ExportRequest;
import sns.api.v1.FollowRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.ListResponse;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;

/** A user of one timeline server over real gRPC; every write carries a fresh idempotency key. */
final class SocialUser {

    static final String PASSWORD = "compose-test-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ManagedChannel channel;
    private String token;

    SocialUser(ManagedChannel channel) {
        this.channel = channel;
    }

    SocialUser register(String username) {
        stub().register(RegisterRequest.newBuilder().setUsername(username).setPassword(PASSWORD)
                .setIdempotencyKey(newKey()).build());
        return login(username);
    }

    SocialUser login(String username) {
        token = stub().login(LoginRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build()).getToken();
        return this;
    }

    void follow(String username) {
        authed().follow(FollowRequest.newBuilder().setUsername(username).setIdempotencyKey(newKey()).build());
    }

    void post(String text) {
        authed().post(PostRequest.newBuilder().setText(text).setIdempotencyKey(newKey()).build());
    }

    ListResponse list() {
        return authed().list(ListRequest.getDefaultInstance());
    }

    /** The seed {@code posts} export: this user's whole timeline. */
    String exportedPosts() {
        return authed().export(ExportRequest.getDefaultInstance()).getPosts();
    }

    /** Opens the live timeline; the texts of the posts it delivers collect in the returned list. */
    List<String> openTimeline() {
        List<String> texts = new CopyOnWriteArrayList<>();
        Metadata headers = bearer();
        StreamObserver<TimelineRequest> requests = SocialGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .timeline(new StreamObserver<>() {
                    @Override
                    public void onNext(TimelineResponse response) {
                        if (response.hasPost()) {
                            texts.add(response.getPost().getText());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
        return texts;
    }

    private SocialGrpc.SocialBlockingStub stub() {
        return SocialGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private SocialGrpc.SocialBlockingStub authed() {
        return stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer()));
    }

    private Metadata bearer() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    private static ByteString newKey() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return ByteString.copyFrom(key);
    }
}

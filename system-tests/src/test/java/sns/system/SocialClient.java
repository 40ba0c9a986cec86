package sns.system;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import sns.api.v1.ExportRequest;
import sns.api.v1.FollowRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.ListResponse;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;

/**
 * A user's calls to one server over real gRPC; every write carries a fresh random idempotency key.
 * Public for the other black-box test module (deploy-tests).
 */
public final class SocialClient {

    public static final String PASSWORD = "system-test-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ManagedChannel channel;
    private String token;

    public SocialClient(ManagedChannel channel) {
        this.channel = channel;
    }

    public SocialClient register(String username) {
        stub().register(RegisterRequest.newBuilder().setUsername(username).setPassword(PASSWORD)
                .setIdempotencyKey(newKey()).build());
        return login(username);
    }

    public SocialClient login(String username) {
        token = stub().login(LoginRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build()).getToken();
        return this;
    }

    public void follow(String username) {
        authed().follow(FollowRequest.newBuilder().setUsername(username).setIdempotencyKey(newKey()).build());
    }

    /** Posts with the given key; a retry with the same key is answered with the original post. */
    public String post(String text, ByteString key) throws StatusRuntimeException {
        return authed().withDeadlineAfter(5, TimeUnit.SECONDS)
                .post(PostRequest.newBuilder().setText(text).setIdempotencyKey(key).build()).getPost().getPostId();
    }

    /** Posts as a real client does: a write answered "try again" is retried with the same key. */
    public void postUntilAcknowledged(String text) {
        ByteString key = newKey();
        for (int attempt = 1; ; attempt++) {
            try {
                post(text, key);
                return;
            } catch (StatusRuntimeException e) {
                if (attempt == 5 || e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                    throw e;
                }
            }
        }
    }

    /** Opens this user's Timeline stream; the caller sends the open message. */
    public StreamObserver<TimelineRequest> timeline(StreamObserver<TimelineResponse> responses) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return SocialGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .timeline(responses);
    }

    /** All users, this user's followers and whom this user follows. */
    public ListResponse list() {
        return authed().list(ListRequest.getDefaultInstance());
    }

    /** The seed `posts` export of this user's timeline. */
    public String exportedPosts() {
        return authed().export(ExportRequest.getDefaultInstance()).getPosts();
    }

    public static ByteString newKey() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return ByteString.copyFrom(key);
    }

    private SocialGrpc.SocialBlockingStub stub() {
        return SocialGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private SocialGrpc.SocialBlockingStub authed() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}

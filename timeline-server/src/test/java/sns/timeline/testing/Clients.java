package sns.timeline.testing;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import sns.api.v1.FollowRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.UnfollowRequest;
import sns.timeline.testing.LocalCluster.ServerNode;

/** Real gRPC stubs for tests, with or without a user's token. */
public final class Clients {

    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PASSWORD = "correct horse battery staple";

    private Clients() {}

    public static ByteString key() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return ByteString.copyFrom(key);
    }

    public static SocialGrpc.SocialBlockingStub anonymous(ServerNode node) {
        return SocialGrpc.newBlockingStub(node.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public static SocialGrpc.SocialBlockingStub as(ServerNode node, String token) {
        return anonymous(node).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
    }

    public static SocialGrpc.SocialStub asyncAs(ServerNode node, String token) {
        return SocialGrpc.newStub(node.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
    }

    /** The Digest of a server's state, asked with the (development) cluster secret. */
    public static sns.api.v1.DigestResponse digest(ServerNode node) {
        Metadata secret = new Metadata();
        secret.put(Metadata.Key.of("x-sns-cluster-secret", Metadata.ASCII_STRING_MARSHALLER),
                sns.timeline.config.SecurityProperties.DEV_CLUSTER_SECRET);
        return sns.api.v1.ReplicationGrpc.newBlockingStub(node.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret))
                .digest(sns.api.v1.DigestRequest.getDefaultInstance());
    }

    public static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    /** Registers a user and returns its token. */
    public static String signUp(ServerNode node, String username) {
        anonymous(node).register(RegisterRequest.newBuilder()
                .setUsername(username).setPassword(PASSWORD).setIdempotencyKey(key()).build());
        return anonymous(node).login(LoginRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build())
                .getToken();
    }

    public static void follow(ServerNode node, String token, String username) {
        as(node, token).follow(FollowRequest.newBuilder().setUsername(username).setIdempotencyKey(key()).build());
    }

    public static void unfollow(ServerNode node, String token, String username) {
        as(node, token).unfollow(UnfollowRequest.newBuilder().setUsername(username).setIdempotencyKey(key()).build());
    }

    public static sns.api.v1.Post post(ServerNode node, String token, String text) {
        return as(node, token).post(PostRequest.newBuilder().setText(text).setIdempotencyKey(key()).build()).getPost();
    }
}

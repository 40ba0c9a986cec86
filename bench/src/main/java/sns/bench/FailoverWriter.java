package sns.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;

/**
 * One client of the failover bench: posts without pause, as the CLI does after a failure: asks the
 * coordinator for its server again at once after UNAVAILABLE (then backs off: 5, 10, 20 ... 100 ms),
 * retries with the same idempotency key, and records when each post was acknowledged and by whom.
 */
final class FailoverWriter implements Runnable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Before the load starts, first connections on a loaded machine may take seconds. */
    private static final long SIGN_UP_DEADLINE_SECONDS = 30;
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** One acknowledged post. */
    record Ack(long nanos, String server) {}

    private final CoordinatorGrpc.CoordinatorBlockingStub coordinator;
    private final long clientId;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final List<Ack> acks = new ArrayList<>();
    private final String user;
    private volatile boolean stopped;
    private String token;
    private String server;

    FailoverWriter(CoordinatorGrpc.CoordinatorBlockingStub coordinator, long clientId, String user) {
        this.coordinator = coordinator;
        this.clientId = clientId;
        this.user = user;
    }

    /** Registers and logs in on the client's server (before the load starts). */
    FailoverWriter signUp() {
        var social = SocialGrpc.newBlockingStub(channel(resolve(SIGN_UP_DEADLINE_SECONDS)))
                .withDeadlineAfter(SIGN_UP_DEADLINE_SECONDS, TimeUnit.SECONDS);
        social.register(RegisterRequest.newBuilder().setUsername(user).setPassword("bench-password")
                .setIdempotencyKey(key()).build());
        token = SocialGrpc.newBlockingStub(channel(server)).withDeadlineAfter(SIGN_UP_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .login(LoginRequest.newBuilder().setUsername(user).setPassword("bench-password").build()).getToken();
        return this;
    }

    @Override
    public void run() {
        for (long i = 0; !stopped; i++) {
            PostRequest post = PostRequest.newBuilder().setText(user + " post " + i).setIdempotencyKey(key()).build();
            for (int failures = 0; !stopped; failures++) {
                try {
                    String target = server != null ? server : resolve(1);
                    SocialGrpc.newBlockingStub(channel(target)).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer()))
                            .post(post);
                    record(target);
                    break;
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                            && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                        throw e;
                    }
                    server = null;
                    if (failures > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(100, 5L << Math.min(failures, 5))));
                    }
                }
            }
        }
    }

    void stop() {
        stopped = true;
    }

    synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }

    private synchronized void record(String target) {
        acks.add(new Ack(System.nanoTime(), target));
    }

    private String resolve(long deadlineSeconds) {
        server = coordinator.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                .getServer(GetServerRequest.newBuilder().setClientId(clientId).build()).getServer().getAddress();
        return server;
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
    }

    private Metadata bearer() {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    private static ByteString key() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }
}

package sns.system.faults;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import sns.api.v1.ClusterMaster;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.FollowRequest;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetUniqueClientIdRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.UnfollowRequest;
import sns.system.SocialClient;
import sns.system.SnsSystem;

/**
 * One user's client with the CLI's failover logic: it asks the coordinator for its server, and on
 * UNAVAILABLE or DEADLINE_EXCEEDED asks again and retries with the same idempotency key, 3 times
 * with jittered exponential backoff; then the outcome is unknown. Every write is recorded.
 */
final class WorkloadClient {

    private static final int ATTEMPTS = 4;
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final Metadata.Key<String> EPOCH = Metadata.Key.of("sns-epoch", Metadata.ASCII_STRING_MARSHALLER);

    private final int index;
    private final String username;
    private final SnsSystem sns;
    private final History history;
    private long clientId;
    private ClusterMaster server;
    private String token = "";

    WorkloadClient(int index, String username, SnsSystem sns, History history) {
        this.index = index;
        this.username = username;
        this.sns = sns;
        this.history = history;
    }

    /** Takes a client id whose home is the given cluster (ids are random; the home is id mod N + 1). */
    WorkloadClient homedIn(int cluster) {
        do {
            var id = coordinator().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance());
            clientId = id.getClientId();
            if (id.getClusterId() == cluster) {
                return this;
            }
        } while (true);
    }

    String username() {
        return username;
    }

    String token() {
        return token;
    }

    Op register() {
        return write(Op.Type.REGISTER, username, (stub, key) -> stub.register(RegisterRequest.newBuilder()
                .setUsername(username).setPassword(SocialClient.PASSWORD).setIdempotencyKey(key).build()));
    }

    /** Logs in (a read: retried like a write, not recorded); true once it has a token. */
    boolean login() {
        Attempt result = attempt(stub -> stub.login(LoginRequest.newBuilder().setUsername(username)
                .setPassword(SocialClient.PASSWORD).build()));
        result.response.ifPresent(response -> token = ((sns.api.v1.LoginResponse) response).getToken());
        return result.response.isPresent();
    }

    Op post(String text) {
        return write(Op.Type.POST, text, (stub, key) -> stub.post(PostRequest.newBuilder().setText(text)
                .setIdempotencyKey(key).build()));
    }

    Op follow(String other) {
        return write(Op.Type.FOLLOW, other, (stub, key) -> stub.follow(FollowRequest.newBuilder().setUsername(other)
                .setIdempotencyKey(key).build()));
    }

    Op unfollow(String other) {
        return write(Op.Type.UNFOLLOW, other, (stub, key) -> stub.unfollow(UnfollowRequest.newBuilder()
                .setUsername(other).setIdempotencyKey(key).build()));
    }

    private interface KeyedCall {
        Object call(SocialGrpc.SocialBlockingStub stub, ByteString key);
    }

    private Op write(Op.Type type, String value, KeyedCall call) {
        ByteString key = SocialClient.newKey();
        long invoked = System.currentTimeMillis();
        Attempt result = attempt(stub -> call.call(stub, key));
        Op.Outcome outcome = result.response.isPresent() ? Op.Outcome.OK
                : result.definite ? Op.Outcome.FAILED : Op.Outcome.UNKNOWN;
        Op op = new Op(index, username, type, value, outcome, invoked, System.currentTimeMillis(),
                result.server == null ? "" : result.server.getAddress(),
                result.server == null ? 0 : result.server.getClusterId(), result.epoch, result.detail);
        history.record(op);
        return op;
    }

    private record Attempt(Optional<Object> response, boolean definite, ClusterMaster server, long epoch,
                           String detail) {}

    private Attempt attempt(Function<SocialGrpc.SocialBlockingStub, Object> call) {
        String detail = "";
        ClusterMaster answered = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            try {
                if (attempt > 0 || server == null) {
                    server = coordinator().getServer(GetServerRequest.newBuilder().setClientId(clientId).build())
                            .getServer();
                }
                answered = server;
                AtomicReference<Metadata> headers = new AtomicReference<>();
                Object response = call.apply(stub(server.getAddress(), headers));
                return new Attempt(Optional.of(response), true, answered, epochOf(headers.get()), "");
            } catch (StatusRuntimeException e) {
                detail = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
                if (!retryable(e.getStatus().getCode())) {
                    return new Attempt(Optional.empty(), true, answered, 0, detail);
                }
            }
        }
        return new Attempt(Optional.empty(), false, answered, 0, detail);
    }

    private SocialGrpc.SocialBlockingStub stub(String address, AtomicReference<Metadata> headers) {
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return SocialGrpc.newBlockingStub(sns.channel(address)).withDeadlineAfter(2, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth),
                        MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));
    }

    private CoordinatorGrpc.CoordinatorBlockingStub coordinator() {
        return CoordinatorGrpc.newBlockingStub(sns.channel(sns.coordinator.address()))
                .withDeadlineAfter(2, TimeUnit.SECONDS);
    }

    private static long epochOf(Metadata headers) {
        String epoch = headers == null ? null : headers.get(EPOCH);
        return epoch == null ? 0 : Long.parseLong(epoch);
    }

    private static boolean retryable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    /** The CLI's backoff: exponential, jittered up to x2. */
    private static void backOff(int attempt) {
        long mean = FIRST_BACKOFF_MILLIS << (attempt - 1);
        try {
            Thread.sleep(mean + ThreadLocalRandom.current().nextLong(mean));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

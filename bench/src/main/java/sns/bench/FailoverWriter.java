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

    private final ManagedChannel coordinatorChannel;
    private final CoordinatorGrpc.CoordinatorBlockingStub coordinator;
    private final long clientId;
    private final int pinnedCluster;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final List<Ack> acks = new ArrayList<>();
    private final String user;
    private volatile boolean stopped;
    private String token;
    private String server;

    FailoverWriter(ManagedChannel coordinatorChannel, long clientId, String user) {
        this(coordinatorChannel, clientId, user, 0);
    }

    /**
     * A probe: writes only to the master of {@code pinnedCluster}, re-asking the coordinator every
     * 2 ms while it names another cluster's master (an ordinary client is sent there while its
     * cluster has none, and stays), so its first acknowledgement after a fault is the moment the
     * cluster writes again, not the end of a retry schedule.
     */
    FailoverWriter(ManagedChannel coordinatorChannel, long clientId, String user, int pinnedCluster) {
        this.coordinatorChannel = coordinatorChannel;
        this.coordinator = CoordinatorGrpc.newBlockingStub(coordinatorChannel);
        this.clientId = clientId;
        this.user = user;
        this.pinnedCluster = pinnedCluster;
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
                    if (pinnedCluster > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    } else if (failures > 0) {
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
        sns.api.v1.ClusterMaster master;
        try {
            master = coordinator.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                    .getServer(GetServerRequest.newBuilder().setClientId(clientId).build()).getServer();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                // as the CLI does: a restarted coordinator is reached at the next try, not after gRPC's backoff
                coordinatorChannel.resetConnectBackoff();
            }
            throw e;
        }
        if (pinnedCluster > 0 && master.getClusterId() != pinnedCluster) {
            throw Status.UNAVAILABLE.withDescription("cluster " + pinnedCluster + " has no master").asRuntimeException();
        }
        server = master.getAddress();
        channel(server).resetConnectBackoff(); // as the CLI does: the coordinator just vouched for it
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

package sns.timeline.api;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import sns.api.v1.ListRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.timeline.auth.TokenService;

/**
 * Sends a few client calls (Post, List, Timeline) to this server over loopback as soon as its gRPC
 * server listens, so the first real client after a failover does not pay for loading and
 * initialising the client path: token verification, the Social service, error mapping. Measured
 * before this existed: a server's first Post took 200 ms on a quiet machine and 0.5 to 1.5 s under
 * load, the next ones about 10 ms, and a promoted slave has never served a client.
 *
 * <p>Every call carries a token for a user id no registration can produce (ids are hex), so each
 * is refused ("your account has not reached this server yet") before it reaches validation or
 * the store: the warm-up changes nothing, on a slave or a master.
 */
public final class ClientPathWarmup implements ApplicationListener<GrpcServerStartedEvent> {

    private static final String NOBODY_ID = "client-path-warmup";
    private static final Logger log = LoggerFactory.getLogger(ClientPathWarmup.class);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

    private final TokenService tokens;
    private final int rounds;
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<Map<String, Integer>> finished = new CompletableFuture<>();

    public ClientPathWarmup(TokenService tokens, int rounds) {
        this.tokens = tokens;
        this.rounds = rounds;
    }

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
        if (rounds == 0) {
            finished.complete(Map.of());
            return;
        }
        String host = event.getAddress().equals("*") || event.getAddress().startsWith("0.0.0.0")
                ? "localhost" : event.getAddress();
        warmInBackground(host, event.getPort());
    }

    /** Completes after the warm-up with how many calls got each answer (status code and description). */
    public CompletableFuture<Map<String, Integer>> finished() {
        return finished;
    }

    /** Starts the warm-up calls to the server at {@code host:port} on their own thread; see {@link #finished()}. */
    public CompletableFuture<Map<String, Integer>> warmInBackground(String host, int port) {
        Thread thread = new Thread(() -> warm(host, port), "client-path-warmup");
        thread.setDaemon(true);
        thread.start();
        return finished;
    }

    private void warm(String host, int port) {
        long started = System.nanoTime();
        ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            Metadata bearer = new Metadata();
            bearer.put(AuthInterceptor.AUTHORIZATION, AuthInterceptor.BEARER + tokens.issue(NOBODY_ID, NOBODY_ID).token());
            var withToken = MetadataUtils.newAttachHeadersInterceptor(bearer);
            var social = SocialGrpc.newBlockingStub(channel).withInterceptors(withToken);
            var streams = SocialGrpc.newStub(channel).withInterceptors(withToken);
            for (int round = 0; round < rounds; round++) {
                PostRequest post = PostRequest.newBuilder().setText("warm-up")
                        .setIdempotencyKey(ByteString.copyFrom(new byte[16])).build();
                record(() -> social.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).post(post));
                record(() -> social.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .list(ListRequest.getDefaultInstance()));
                record(() -> openTimeline(streams));
            }
            log.info("Client path warmed up in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    answers);
        } catch (RuntimeException e) {
            log.warn("Client path warm-up stopped: {}", e.toString());
        } finally {
            channel.shutdownNow();
            finished.complete(Map.copyOf(answers));
        }
    }

    private void record(Supplier<?> call) {
        String answer;
        try {
            call.get();
            answer = "OK";
        } catch (StatusRuntimeException e) {
            answer = e.getStatus().getCode() + " " + e.getStatus().getDescription();
        }
        answers.merge(answer, 1, Integer::sum);
    }

    /** Opens a Timeline stream and waits for its end (the server refuses the unknown user). */
    private static Void openTimeline(SocialGrpc.SocialStub streams) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        var requests = streams.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .timeline(new StreamObserver<TimelineResponse>() {
                    @Override
                    public void onNext(TimelineResponse value) {}

                    @Override
                    public void onError(Throwable t) {
                        ended.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        requests.onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
        requests.onCompleted();
        try {
            return ended.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StatusRuntimeException refused) {
                throw refused;
            }
            throw e;
        }
    }
}

package sns.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.FollowRequest;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetUniqueClientIdRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;

/**
 * Load against a running system (./sns up): W writers post for a bounded time and count, each
 * acknowledgement's latency goes into an HdrHistogram; F followers hold live timelines open and
 * record how long each post took from send to arrival (fan-out latency). Prints a Markdown report.
 *
 * <p>Usage: {@code java -jar bench-exec.jar [coordinator=localhost:9000] [writers=4] [followers=4]
 * [seconds=20] [maxPosts=20000]}
 */
public final class Bench {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = "bench-password";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        String coordinator = options.getOrDefault("coordinator", "localhost:9000");
        int writers = Integer.parseInt(options.getOrDefault("writers", "4"));
        int followers = Integer.parseInt(options.getOrDefault("followers", "4"));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
        long maxPosts = Long.parseLong(options.getOrDefault("maxPosts", "20000"));

        ManagedChannel coordinatorChannel = ManagedChannelBuilder.forTarget(coordinator).usePlaintext().build();
        var directory = CoordinatorGrpc.newBlockingStub(coordinatorChannel);
        long clientId = directory.getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance()).getClientId();
        String serverAddress = directory.getServer(GetServerRequest.newBuilder().setClientId(clientId).build())
                .getServer().getAddress();
        ManagedChannel server = ManagedChannelBuilder.forTarget(serverAddress).usePlaintext().build();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        String[] writerTokens = new String[writers];
        for (int w = 0; w < writers; w++) {
            writerTokens[w] = signUp(server, "bw" + run + "_" + w);
        }
        Histogram fanOut = new ConcurrentHistogram(3);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        CountDownLatch followersLive = new CountDownLatch(followers);
        for (int f = 0; f < followers; f++) {
            String token = signUp(server, "bf" + run + "_" + f);
            for (int w = 0; w < writers; w++) {
                authed(server, token).follow(FollowRequest.newBuilder().setUsername("bw" + run + "_" + w)
                        .setIdempotencyKey(key()).build());
            }
            openTimeline(server, token, sentAt, fanOut, followersLive);
        }
        followersLive.await(30, TimeUnit.SECONDS);

        Histogram ack = new ConcurrentHistogram(3);
        AtomicLong posted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        Thread[] threads = new Thread[writers];
        long started = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            SocialGrpc.SocialBlockingStub stub = authed(server, writerTokens[w]);
            threads[w] = new Thread(() -> {
                while (System.nanoTime() < deadline && posted.get() < maxPosts) {
                    String text = "bench " + run + " " + posted.incrementAndGet();
                    long t0 = System.nanoTime();
                    sentAt.put(text, t0);
                    try {
                        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                                .post(PostRequest.newBuilder().setText(text).setIdempotencyKey(key()).build());
                        ack.recordValue((System.nanoTime() - t0) / 1_000);
                    } catch (StatusRuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            });
            threads[w].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1000);

        System.out.printf(Locale.ROOT, "# SNS post benchmark%n%n");
        System.out.printf(Locale.ROOT, "server %s, %d writers, %d followers (each follows every writer), %.1f s%n%n",
                serverAddress, writers, followers, seconds);
        System.out.printf(Locale.ROOT, "| metric | value |%n|---|---|%n");
        System.out.printf(Locale.ROOT, "| posts acknowledged | %d (%d failed) |%n", ack.getTotalCount(), failed.get());
        System.out.printf(Locale.ROOT, "| throughput | %.0f posts/s |%n", ack.getTotalCount() / seconds);
        row("post ack latency", ack);
        row("fan-out latency (post sent -> follower's stream)", fanOut);
        System.out.printf(Locale.ROOT, "| fan-out deliveries | %d |%n", fanOut.getTotalCount());
        server.shutdownNow();
        coordinatorChannel.shutdownNow();
        System.exit(0);
    }

    private static void row(String name, Histogram histogram) {
        System.out.printf(Locale.ROOT, "| %s p50 / p99 / max | %.2f / %.2f / %.2f ms |%n", name,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }

    private static void openTimeline(ManagedChannel server, String token, Map<String, Long> sentAt,
                                     Histogram fanOut, CountDownLatch live) {
        StreamObserver<TimelineRequest> requests = SocialGrpc.newStub(server)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)))
                .timeline(new StreamObserver<>() {
                    @Override
                    public void onNext(TimelineResponse response) {
                        if (response.hasLive()) {
                            live.countDown();
                        } else if (response.hasPost()) {
                            Long sent = sentAt.get(response.getPost().getText());
                            if (sent != null) {
                                fanOut.recordValue((System.nanoTime() - sent) / 1_000);
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        live.countDown();
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
    }

    private static String signUp(ManagedChannel server, String name) {
        var stub = SocialGrpc.newBlockingStub(server);
        stub.register(RegisterRequest.newBuilder().setUsername(name).setPassword(PASSWORD).setIdempotencyKey(key())
                .build());
        return stub.login(LoginRequest.newBuilder().setUsername(name).setPassword(PASSWORD).build()).getToken();
    }

    private static SocialGrpc.SocialBlockingStub authed(ManagedChannel server, String token) {
        return SocialGrpc.newBlockingStub(server).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                bearer(token)));
    }

    static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    static ByteString key() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return ByteString.copyFrom(key);
    }
}

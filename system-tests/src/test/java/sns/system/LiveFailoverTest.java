package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import sns.api.v1.PostRequest;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.timeline.testing.BlackHoleProxy;

/**
 * A follower's live Timeline stream through a real failover of processes: whatever the follower saw
 * live is on the promoted slave. The master's replication traffic is black-holed (as when its
 * machine dies: nothing arrives, nothing resets) and the master is killed while its slave is still
 * in the in-sync set, so the slave never gets the last post and is promoted without it.
 */
class LiveFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aPostSeenLiveByAFollowerIsOnThePromotedSlave() {
        AtomicReference<BlackHoleProxy> proxy = new AtomicReference<>();
        try (SnsSystem sns = new SnsSystem("live-failover", 1)) {
            NodeProcess master = sns.startServer(1, 1, port -> {
                proxy.set(new BlackHoleProxy(port));
                return proxy.get().address();
            }, "--sns.replication.ack-timeout=60s").awaitReady();
            await().atMost(WAIT).ignoreExceptions() // the coordinator names the master by its advertised address
                    .until(() -> sns.serverFor(1).getServer().getAddress().equals(proxy.get().address()));
            NodeProcess slave = sns.startServer(1, 2, port -> "127.0.0.1:" + port,
                    "--sns.replication.ack-timeout=60s").awaitReady();
            await().atMost(WAIT).until(() -> sns.inSyncServerIds(1).equals(List.of(2)));
            SocialClient author = new SocialClient(sns.channel(master.address())).register("author");
            SocialClient follower = new SocialClient(sns.channel(master.address())).register("follower");
            follower.follow("author");
            LiveTimeline live = new LiveTimeline();
            StreamObserver<TimelineRequest> stream = follower.timeline(live);
            stream.onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
            await().atMost(WAIT).until(live.live::get);
            author.post("acknowledged while replication flows", SocialClient.newKey());
            await().atMost(WAIT).until(() -> live.texts.contains("acknowledged while replication flows"));

            proxy.get().blackHole();
            CompletableFuture.runAsync(() -> author.post("committed, never replicated", SocialClient.newKey()));
            await().atMost(WAIT).until(() -> postsAccepted(master) >= 2);
            // Everything queued on the stream before this error ack (a live copy of that post) arrives first.
            stream.onNext(TimelineRequest.newBuilder().setPost(PostRequest.newBuilder().setText(" ")
                    .setIdempotencyKey(SocialClient.newKey())).build());
            await().atMost(WAIT).until(() -> live.acks.get() == 1);
            master.kill9();

            sns.awaitMaster(slave, 1);
            String exported = new SocialClient(sns.channel(slave.address())).login("follower").exportedPosts();
            assertThat(live.texts).contains("acknowledged while replication flows");
            for (String seen : List.copyOf(live.texts)) {
                assertThat(exported).as("seen live, then lost in the failover").contains("W " + seen + "\n");
            }
        } finally {
            if (proxy.get() != null) {
                proxy.get().close();
            }
        }
    }

    /** The master's count of posts it accepted (committed), read from its Prometheus endpoint. */
    private static double postsAccepted(NodeProcess master) {
        return master.httpBody("/actuator/prometheus").lines()
                .filter(line -> line.startsWith("sns_timeline_posts_accepted_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The follower's end of the stream. */
    private static final class LiveTimeline implements StreamObserver<TimelineResponse> {
        private final List<String> texts = new CopyOnWriteArrayList<>();
        private final AtomicBoolean live = new AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger acks = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void onNext(TimelineResponse response) {
            switch (response.getKindCase()) {
                case POST -> texts.add(response.getPost().getText());
                case LIVE -> live.set(true);
                case POST_ACK -> acks.incrementAndGet();
                default -> { }
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}

package sns.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.key;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sns.api.v1.Post;
import sns.api.v1.PostRequest;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineCursor;
import sns.api.v1.TimelinePostAck;
import sns.timeline.live.LiveFeed;
import sns.timeline.testing.Clients;
import sns.timeline.testing.OneServerTest;
import sns.timeline.testing.TimelineProbe;

/** The Timeline stream's rules over real gRPC against a real server. */
class TimelineStreamTest extends OneServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void start() {
        startServer("--sns.timeline.max-queued-messages=50");
    }

    @Test
    void theInitialPostsAreTheLatestTwentyAfterTheFollowNewestFirst() {
        String author = name("author");
        String authorToken = signUp(server, author);
        String reader = signUp(server, name("reader"));
        post(server, authorToken, "before the follow");
        follow(server, reader, author);
        IntStream.rangeClosed(1, 25).forEach(i -> post(server, authorToken, "post " + i));

        try (TimelineProbe timeline = TimelineProbe.open(server, reader)) {
            await().atMost(WAIT).until(timeline::isLive);

            List<String> expected = IntStream.iterate(25, i -> i - 1).limit(20).mapToObj(i -> "post " + i).toList();
            assertThat(timeline.texts()).containsExactlyElementsOf(expected);
            assertThat(timeline.posts()).extracting(Post::getAuthor).containsOnly(author);
        }
    }

    @Test
    void aNewPostReachesTwoFollowersLive() {
        String author = name("star");
        String authorToken = signUp(server, author);
        String fan1 = signUp(server, name("fan"));
        String fan2 = signUp(server, name("fan"));
        follow(server, fan1, author);
        follow(server, fan2, author);

        try (TimelineProbe first = TimelineProbe.open(server, fan1);
             TimelineProbe second = TimelineProbe.open(server, fan2)) {
            await().atMost(WAIT).until(() -> first.isLive() && second.isLive());

            Post posted = post(server, authorToken, "hello fans");

            await().atMost(WAIT).until(() -> first.posts().contains(posted) && second.posts().contains(posted));
        }
    }

    @Test
    void unfollowStopsDelivery() {
        String dropped = name("dropped");
        String kept = name("kept");
        String droppedToken = signUp(server, dropped);
        String keptToken = signUp(server, kept);
        String reader = signUp(server, name("reader"));
        follow(server, reader, dropped);
        follow(server, reader, kept);

        try (TimelineProbe timeline = TimelineProbe.open(server, reader)) {
            await().atMost(WAIT).until(timeline::isLive);
            post(server, droppedToken, "while followed");
            await().atMost(WAIT).until(() -> timeline.texts().contains("while followed"));

            Clients.unfollow(server, reader, dropped);
            post(server, droppedToken, "after unfollow");
            post(server, keptToken, "sentinel");

            // Delivery follows commit order: once the later sentinel arrived, the earlier post would have too.
            await().atMost(WAIT).until(() -> timeline.texts().contains("sentinel"));
            assertThat(timeline.texts()).doesNotContain("after unfollow");
        }
    }

    @Test
    void resumingWithTheCursorLosesNothingAndTheClientDropsWhatItHasShown() {
        String author = name("writer");
        String authorToken = signUp(server, author);
        String reader = signUp(server, name("reader"));
        follow(server, reader, author);
        Set<String> shown = new LinkedHashSet<>();
        Post last;
        try (TimelineProbe timeline = TimelineProbe.open(server, reader)) {
            await().atMost(WAIT).until(timeline::isLive);
            IntStream.rangeClosed(1, 5).forEach(i -> post(server, authorToken, "seen " + i));
            await().atMost(WAIT).until(() -> timeline.posts().size() == 5);
            timeline.posts().forEach(p -> shown.add(p.getPostId()));
            last = timeline.posts().get(4);
        }
        List<Post> missed = new ArrayList<>();
        IntStream.rangeClosed(1, 5).forEach(i -> missed.add(post(server, authorToken, "missed " + i)));

        TimelineCursor cursor = TimelineCursor.newBuilder().setHlc(last.getHlc()).setPostId(last.getPostId()).build();
        try (TimelineProbe resumed = TimelineProbe.open(server, reader, cursor, true)) {
            await().atMost(WAIT).until(resumed::isLive);
            Post after = post(server, authorToken, "after resume");
            await().atMost(WAIT).until(() -> resumed.posts().contains(after));

            List<String> newToTheUser = resumed.posts().stream()
                    .filter(p -> shown.add(p.getPostId()))
                    .map(Post::getText)
                    .toList();
            assertThat(newToTheUser).containsExactly("missed 1", "missed 2", "missed 3", "missed 4", "missed 5",
                    "after resume");
        }
    }

    @Test
    void aResumeDeliversEveryPostAfterTheCursorEvenBeyondAThousandAndBeyondTheQueue() {
        String author = name("prolific");
        String authorToken = signUp(server, author);
        String reader = signUp(server, name("reader"));
        follow(server, reader, author);
        Post cursorPost = post(server, authorToken, "the last one shown");
        int missed = 1_050; // more than the old replay cap of 1,000 and 21 times the queue of 50
        IntStream.rangeClosed(1, missed).parallel().forEach(i -> post(server, authorToken, "missed " + i));

        TimelineCursor cursor = TimelineCursor.newBuilder()
                .setHlc(cursorPost.getHlc()).setPostId(cursorPost.getPostId()).build();
        try (TimelineProbe resumed = TimelineProbe.open(server, reader, cursor, true)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> resumed.isLive() || resumed.closedWith() != null);

            assertThat(resumed.closedWith()).isNull();
            List<String> missedTexts = resumed.texts().stream().filter(t -> t.startsWith("missed ")).toList();
            assertThat(missedTexts).hasSize(missed).doesNotHaveDuplicates();
            assertThat(resumed.posts()).extracting(Post::getHlc).isSorted();
        }
    }

    @Test
    void postsSentOnTheStreamAreStoredAndAckedAndARetryIsNotStoredTwice() {
        String me = name("chatter");
        String myToken = signUp(server, me);
        String friend = signUp(server, name("friend"));
        follow(server, friend, me);

        try (TimelineProbe mine = TimelineProbe.open(server, myToken);
             TimelineProbe friends = TimelineProbe.open(server, friend)) {
            await().atMost(WAIT).until(() -> mine.isLive() && friends.isLive());
            PostRequest chat = PostRequest.newBuilder().setText("typed in chat").setIdempotencyKey(key()).build();
            PostRequest blank = PostRequest.newBuilder().setText(" ").setIdempotencyKey(key()).build();
            mine.send(chat);
            mine.send(chat);
            mine.send(blank);

            // acks answer by idempotency key, in the order the writes complete (a refusal needs no commit)
            await().atMost(WAIT).until(() -> mine.acks().size() == 3);
            List<TimelinePostAck> chatAcks = mine.acks().stream()
                    .filter(ack -> ack.getIdempotencyKey().equals(chat.getIdempotencyKey())).toList();
            assertThat(chatAcks).hasSize(2).allSatisfy(ack -> assertThat(ack.getStatusCode()).isZero());
            assertThat(chatAcks.get(1).getPost()).isEqualTo(chatAcks.get(0).getPost());
            TimelinePostAck blankAck = mine.acks().stream()
                    .filter(ack -> ack.getIdempotencyKey().equals(blank.getIdempotencyKey())).findFirst().orElseThrow();
            assertThat(blankAck.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
            assertThat(blankAck.getErrorMessage()).contains("cannot be empty");
            await().atMost(WAIT).until(() -> friends.texts().contains("typed in chat"));
            assertThat(friends.texts()).containsOnlyOnce("typed in chat");
            assertThat(mine.closedWith()).isNull();
        }
    }

    @Test
    void aPostOverTheMessageLimitOnTheStreamEndsItWithResourceExhausted() {
        String me = signUp(server, name("verbose"));
        try (TimelineProbe mine = TimelineProbe.open(server, me)) {
            await().atMost(WAIT).until(mine::isLive);

            mine.send(PostRequest.newBuilder().setText("x".repeat(1024 * 1024)).setIdempotencyKey(key()).build());

            await().atMost(WAIT).until(() -> mine.closedWith() != null);
            assertThat(mine.closedWith().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        }
    }

    @Test
    void aFollowerWhoDoesNotReadIsCutOffInsteadOfGrowingMemory() throws InterruptedException {
        String author = name("firehose");
        String authorToken = signUp(server, author);
        String reader = signUp(server, name("sleepy"));
        follow(server, reader, author);
        ManagedChannel smallWindow = NettyChannelBuilder.forTarget(server.address()).usePlaintext()
                .flowControlWindow(8 * 1024).build();
        try {
            SocialGrpc.SocialStub stub = SocialGrpc.newStub(smallWindow)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(Clients.bearer(reader)));
            TimelineProbe sleepy = TimelineProbe.openWithoutReading(server, reader, stub);
            LiveFeed feed = server.bean(LiveFeed.class);
            await().atMost(WAIT).until(() -> feed.openStreams() == 1);
            String text = "x".repeat(450);
            int sent = 0;
            while (sent < 1000 && feed.openStreams() > 0) {
                post(server, authorToken, text + sent++);
            }
            assertThat(feed.openStreams()).as("cut off after %d posts", sent).isZero();

            sleepy.startReading();
            await().atMost(WAIT).until(() -> sleepy.closedWith() != null);
            assertThat(sleepy.posts().size()).as("what was in flight before the cut").isLessThan(sent);
            assertThat(sleepy.closedWith().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(sleepy.closedWith().getDescription()).contains("not reading your timeline fast enough");
        } finally {
            smallWindow.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

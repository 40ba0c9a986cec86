package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.Event;
import sns.api.v1.SubscribeResponse;
import sns.api.v1.UserRegistered;
import sns.timeline.store.EventStore;
import sns.timeline.testing.RecordingServerStream;

/** One publisher over a real store on disk, its stream recorded; pumps run on the calling thread and are counted. */
class LogPublisherTest {

    private static final String SUBSCRIBER = "subscriber-uid";
    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2026-11-26T00:00:00Z"));

    @TempDir
    Path dir;
    private EventStore store;
    private final RecordingServerStream<SubscribeResponse> call = new RecordingServerStream<>();
    private final AtomicInteger pumps = new AtomicInteger();
    private final Executor countingDirect = pump -> {
        pumps.incrementAndGet();
        pump.run();
    };

    @BeforeEach
    void open() {
        store = EventStore.open(dir, WALL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSubscriberIsSentEveryCommittedEventExceptItsOwn() throws Exception {
        appendLocal("a");
        apply(replicated(SUBSCRIBER, 1));
        apply(replicated(SUBSCRIBER, 2));
        apply(replicated("third-uid", 1));

        LogPublisher publisher = start();

        assertThat(sentEvents()).extracting(Event::getOriginUid).containsExactly(store.serverUid(), "third-uid");
        SubscribeResponse last = call.sent().get(call.sent().size() - 1);
        assertThat(last.hasCaughtUp()).isTrue();
        assertThat(last.getCaughtUp().getPublisherHas().getSeqsMap()).containsEntry(SUBSCRIBER, 2L);

        apply(replicated(SUBSCRIBER, 3));
        appendLocal("b");

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sentEvents())
                .extracting(Event::getOriginUid, Event::getSeq)
                .containsExactly(tuple(store.serverUid(), 1L),
                        tuple("third-uid", 1L),
                        tuple(store.serverUid(), 2L)));
        assertThat(publisher.backlog()).isZero();
    }

    @Test
    void onceCaughtUpACommitGoesOutFromMemoryAndAFullStreamFallsBackToThePump() throws Exception {
        appendLocal("a");
        LogPublisher publisher = start();
        assertThat(pumps).hasValue(1);

        appendLocal("b");
        appendLocal("c");
        await().atMost(5, TimeUnit.SECONDS).until(() -> sentEvents().size() == 3);
        assertThat(pumps).as("sent by the committing thread, no pump").hasValue(1);

        call.setReady(false);
        appendLocal("d");
        await().atMost(5, TimeUnit.SECONDS).until(() -> pumps.get() == 2);
        assertThat(sentEvents()).hasSize(3);
        assertThat(publisher.backlog()).isEqualTo(1);

        call.setReady(true);
        publisher.wake();
        assertThat(sentEvents()).extracting(Event::getSeq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(publisher.backlog()).isZero();
    }

    private LogPublisher start() {
        LogPublisher publisher = new LogPublisher(store, new PublisherOutput(call), countingDirect, SUBSCRIBER,
                Map.of(), false);
        store.onCommitted(publisher::committed);
        publisher.wake();
        return publisher;
    }

    private List<Event> sentEvents() {
        return call.sent().stream().filter(SubscribeResponse::hasBatch)
                .flatMap(response -> response.getBatch().getEventsList().stream()).toList();
    }

    private void appendLocal(String id) throws Exception {
        store.write(tx -> tx.append(user(id))).get(5, TimeUnit.SECONDS);
    }

    private void apply(Event event) throws Exception {
        assertThat(store.write(tx -> tx.apply(event)).get(5, TimeUnit.SECONDS)).isTrue();
    }

    private static Event replicated(String origin, long seq) {
        return user(origin + "-" + seq).setOriginUid(origin).setSeq(seq).setHlc(WALL.millis() << 16).build();
    }

    private static Event.Builder user(String id) {
        return Event.newBuilder().setIdempotencyKey(ByteString.copyFromUtf8("k-" + id))
                .setUserRegistered(UserRegistered.newBuilder().setUserId(id).setUsername("name-" + id)
                        .setPasswordHash("h"));
    }
}

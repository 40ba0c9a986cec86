package sns.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.signUp;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.timeline.auth.TokenService;
import sns.timeline.live.LiveFeed;
import sns.timeline.social.Caller;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;
import sns.timeline.social.TimelineReads;
import sns.timeline.store.EventStore;
import sns.timeline.testing.Clients;
import sns.timeline.testing.OneServerTest;
import sns.timeline.testing.RecordingServerStream;

/**
 * A post committed after the stream subscribed to the live feed but before it read its initial
 * posts is both a live post and an initial one: the stream must send it once.
 */
class TimelineSubscribeRaceTest extends OneServerTest {

    @BeforeAll
    static void start() {
        startServer();
    }

    @Test
    void aPostCommittedBetweenTheLiveSubscriptionAndTheInitialReadIsSentOnce() {
        String author = name("racer");
        String authorToken = signUp(server, author);
        String readerToken = signUp(server, name("reader"));
        follow(server, readerToken, author);
        SocialService social = server.bean(SocialService.class);
        EventStore store = server.bean(EventStore.class);
        Caller authorCaller = social.authenticate(server.bean(TokenService.class).verify(authorToken));
        Caller reader = social.authenticate(server.bean(TokenService.class).verify(readerToken));

        TimelineReads postFirst = new TimelineReads() {
            @Override
            public List<TimelinePost> latestTimeline(Caller caller) {
                social.post(authorCaller, "between subscribe and read", Clients.key().toByteArray());
                store.write(tx -> null).join(); // the writer has announced the post to the live feed
                return social.latestTimeline(caller);
            }

            @Override
            public List<TimelinePost> timelinePage(Caller caller, long afterHlc, String afterPostId, int limit) {
                return social.timelinePage(caller, afterHlc, afterPostId, limit);
            }
        };
        RecordingServerStream<TimelineResponse> out = new RecordingServerStream<>();
        TimelineCall call = new TimelineCall(out, social, postFirst, server.bean(LiveFeed.class), () -> reader,
                100, Duration.ofSeconds(10));

        call.onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
        call.onCompleted();

        assertThat(out.sent()).filteredOn(TimelineResponse::hasPost)
                .extracting(r -> r.getPost().getText())
                .containsExactly("between subscribe and read");
        assertThat(out.sent()).last().matches(TimelineResponse::hasLive);
    }
}

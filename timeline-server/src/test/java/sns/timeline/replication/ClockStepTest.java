package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import sns.api.v1.SubscriptionKind;
import sns.timeline.clock.HybridLogicalClock;
import sns.timeline.store.EventStore;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/**
 * A server whose clock stepped far ahead must not pass its future timestamps on: its events are
 * refused (not applied, not acknowledged) while they are further ahead of the receiver's wall
 * clock than sns.hlc.max-skew, and applied once that clock has caught up.
 */
class ClockStepTest extends ClusterTest {

    @Test
    void eventsStampedAnHourAheadAreRefusedUntilTheClockCatchesUp() {
        cluster = new LocalCluster(data, 1);
        ServerNode ahead = cluster.awaitMaster(cluster.start(1, 1));
        post(ahead, signUp(ahead, "from_the_future"), "posted an hour ahead");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now().minus(Duration.ofHours(1)));
        InstantSource receiversClock = now::get;
        Counter refused = new SimpleMeterRegistry().counter("refused");
        FutureEventGuard guard = new FutureEventGuard(receiversClock, Duration.ofMillis(250), refused);

        try (EventStore receiver = EventStore.open(data.resolve("receiver"), receiversClock)) {
            OnePull.pull(ahead, receiver, SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY, guard);

            assertThat(receiver.committed().allPosts()).as("applied an hour ahead").isEmpty();
            assertThat(receiver.committed().versionVector()).as("acknowledged").isEmpty();
            assertThat(refused.count()).as("refusals counted").isPositive();
            long receiversHlc = receiver.write(tx -> tx.append(sns.api.v1.Event.newBuilder()
                    .setPosted(sns.api.v1.Posted.newBuilder().setPostId("local").setAuthorId("local")
                            .setText("local")))).join().getHlc();
            assertThat(HybridLogicalClock.physicalMillis(receiversHlc)).as("the receiver's clock was dragged ahead")
                    .isEqualTo(now.get().toEpochMilli());

            now.set(Instant.now().plusSeconds(1));
            OnePull.pull(ahead, receiver, SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY, guard);

            assertThat(receiver.committed().allPosts()).extracting(e -> e.getPosted().getText())
                    .contains("posted an hour ahead");
        }
    }
}

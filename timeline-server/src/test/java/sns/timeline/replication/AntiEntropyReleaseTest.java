package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.api.v1.SubscriptionKind;
import sns.timeline.store.EventStore;
import sns.timeline.testing.Clients;
import sns.timeline.testing.OneServerTest;

/**
 * An anti-entropy round is a stream the publisher ends itself once it has sent what it had: the
 * publisher must let go of it then, or every later commit keeps waking a publisher nobody reads.
 */
class AntiEntropyReleaseTest extends OneServerTest {

    @TempDir
    Path subscriberData;

    @BeforeAll
    static void start() {
        startServer();
    }

    @Test
    void finishedAntiEntropyRoundsLeaveNoPublisherBehind() throws Exception {
        Clients.signUp(server, name("anti_entropy"));
        ReplicationGrpcService publishing = server.bean(ReplicationGrpcService.class);
        try (EventStore subscriber = EventStore.open(subscriberData, InstantSource.system())) {
            for (int round = 0; round < 3; round++) {
                assertThat(OnePull.pull(server, subscriber, SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY).isOk())
                        .as("round %d ends cleanly", round).isTrue();
            }
            assertThat(subscriber.committed().versionVector()).as("the rounds delivered the sign-up").isNotEmpty();
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(publishing.openPublishers()).isZero());
    }
}

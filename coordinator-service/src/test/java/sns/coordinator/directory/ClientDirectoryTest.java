package sns.coordinator.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sns.coordinator.liveness.Timing;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.registry.Heartbeat;
import sns.coordinator.registry.InvalidRequestException;
import sns.coordinator.registry.RegistryListener;
import sns.coordinator.registry.ServerKey;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.registry.ServerView;
import sns.coordinator.time.ManualClock;

class ClientDirectoryTest {

    private static final Timing TIMING = new Timing(Duration.ofMillis(500), 3, 0.9);

    private final ManualClock clock = new ManualClock();
    private final InstantSource wall = InstantSource.fixed(Instant.EPOCH);
    private final LockNamespace namespace = new LockNamespace(wall);
    private final ServerRegistry registry = new ServerRegistry(TIMING, 3, clock, wall, namespace, RegistryListener.NONE);
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(24);
    private final ClientDirectory directory = new ClientDirectory(registry, namespace, new Random(42), clock,
            IDLE_TIMEOUT, 1000);

    @BeforeEach
    void serveHeartbeats() {
        registry.startServing();
    }

    @Test
    void clientIdsArePositiveDistinctAndRecordedWithTheirHomeCluster() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            var assignment = directory.newClient();
            assertThat(assignment.clientId()).isPositive();
            assertThat(assignment.clusterId()).isEqualTo((int) (assignment.clientId() % 3) + 1);
            assertThat(namespace.read("/clients/" + assignment.clientId()))
                    .isEqualTo("cluster=" + assignment.clusterId());
            ids.add(assignment.clientId());
        }
        assertThat(ids).hasSize(500);
    }

    @Test
    void aClientGetsTheReadyMasterOfItsOwnCluster() {
        clock.advanceNanos(TIMING.deathTimeoutNanos());
        beat(1, 1, true);
        beat(2, 1, true);
        beat(3, 1, true);

        assertThat(directory.serverFor(3)).map(ServerView::key).contains(new ServerKey(1, 1));
        assertThat(directory.serverFor(4)).map(ServerView::key).contains(new ServerKey(2, 1));
        assertThat(directory.serverFor(5)).map(ServerView::key).contains(new ServerKey(3, 1));
    }

    @Test
    void aClientOfAClusterWithoutAReadyMasterGetsTheNextClusterInTurn() {
        clock.advanceNanos(TIMING.deathTimeoutNanos());
        beat(1, 1, true);
        beat(2, 1, false);

        assertThat(directory.serverFor(4)).as("home 2 not ready -> 3 has none -> 1")
                .map(ServerView::key).contains(new ServerKey(1, 1));
        beat(3, 2, true);
        assertThat(directory.serverFor(4)).as("home 2 not ready -> 3")
                .map(ServerView::key).contains(new ServerKey(3, 2));
    }

    @Test
    void noReadyMasterAnywhereGivesNothing() {
        beat(1, 1, true);
        assertThat(directory.serverFor(7)).as("during restart recovery nobody is master").isEmpty();
    }

    @Test
    void aClientIdIdleLongerThanTheTimeoutIsForgottenWhileOneThatKeepsAskingStays() {
        long active = directory.newClient().clientId();
        long idle = directory.newClient().clientId();

        clock.advance(Duration.ofHours(20));
        directory.serverFor(active);
        clock.advance(Duration.ofHours(4));
        assertThat(directory.expireIdle()).as("exactly 24 h idle is not yet too long").isZero();
        clock.advanceNanos(1);

        assertThat(directory.expireIdle()).isEqualTo(1);
        assertThat(namespace.exists("/clients/" + idle)).isFalse();
        assertThat(namespace.exists("/clients/" + active)).isTrue();
        assertThat(directory.size()).isEqualTo(1);
        assertThat(directory.homeCluster(idle)).as("a forgotten id still routes").isEqualTo((int) (idle % 3) + 1);
    }

    @Test
    void pastTheCapNewClientIdsAreRefusedUntilIdleOnesExpire() {
        ClientDirectory small = new ClientDirectory(registry, namespace, new Random(7), clock, IDLE_TIMEOUT, 3);
        long first = small.newClient().clientId();
        small.newClient();
        small.newClient();

        assertThatThrownBy(small::newClient).isInstanceOf(ClientLimitException.class)
                .hasMessageContaining("3 client ids");
        assertThat(namespace.list("/clients")).hasSize(3);

        clock.advance(Duration.ofHours(23));
        small.serverFor(first);
        clock.advance(Duration.ofHours(2));
        assertThat(small.newClient().clientId()).as("the two idle ids made room").isPositive();
        assertThat(namespace.list("/clients")).hasSize(2).contains(Long.toString(first));
    }

    @Test
    void clientIdsMustBePositive() {
        assertThatThrownBy(() -> directory.serverFor(0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> directory.serverFor(-5)).isInstanceOf(InvalidRequestException.class);
    }

    private void beat(int cluster, int server, boolean ready) {
        registry.heartbeat(new Heartbeat(new ServerKey(cluster, server), "localhost:" + (10000 + cluster * 10 + server),
                "uid-" + cluster + "-" + server, 1, 0, false, Set.of(), false, ready));
    }
}

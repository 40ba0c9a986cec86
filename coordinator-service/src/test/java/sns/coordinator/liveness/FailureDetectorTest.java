package sns.coordinator.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.registry.Heartbeat;
import sns.coordinator.registry.RegistryListener;
import sns.coordinator.registry.ServerKey;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.time.ManualClock;

class FailureDetectorTest {

    private static final Timing TIMING = new Timing(Duration.ofMillis(500), 3, 0.9);

    private final ManualClock clock = new ManualClock();
    private final InstantSource wall = InstantSource.fixed(Instant.EPOCH);
    private final ServerRegistry registry = new ServerRegistry(TIMING, 2, clock, wall, new LockNamespace(wall),
            RegistryListener.NONE);
    private final FailureDetector detector = new FailureDetector(registry, clock, TIMING);

    @Test
    void aServerThatStopsHeartbeatingDiesAtTheFirstCheckPastItsTimeout() {
        beat(1, 1);
        detector.check();
        for (long t = 0; t < TIMING.deathTimeoutNanos(); t += TIMING.checkPeriodNanos()) {
            clock.advanceNanos(TIMING.checkPeriodNanos());
            detector.check();
            assertThat(registry.liveServerCount(1)).as("alive after %d ms", t / 1_000_000).isEqualTo(1);
        }
        clock.advanceNanos(TIMING.checkPeriodNanos());
        detector.check();
        assertThat(registry.liveServerCount(1)).isZero();
    }

    @Test
    void aPausedCoordinatorDoesNotKillEveryServerWhenItWakesUp() {
        beat(1, 1);
        beat(2, 1);
        detector.check();

        clock.advance(Duration.ofSeconds(30));
        detector.check();

        assertThat(registry.liveServerCount(1)).isEqualTo(1);
        assertThat(registry.liveServerCount(2)).isEqualTo(1);
        for (long t = 0; t <= TIMING.deathTimeoutNanos(); t += TIMING.checkPeriodNanos()) {
            clock.advanceNanos(TIMING.checkPeriodNanos());
            detector.check();
        }
        assertThat(registry.liveServerCount(1)).as("silent servers still die after the pause").isZero();
        assertThat(registry.liveServerCount(2)).isZero();
    }

    private void beat(int cluster, int server) {
        registry.heartbeat(new Heartbeat(new ServerKey(cluster, server), "localhost:" + (10000 + cluster), "uid-" + cluster,
                1, 0, false, Set.of(), false, true));
    }
}

package sns.coordinator.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import sns.coordinator.liveness.Timing;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.time.ManualClock;

/** Registries on one manual clock with the default timing: 500 ms interval, 3 missed, lease 1350 ms. */
final class RegistryFixture {

    static final Timing TIMING = new Timing(Duration.ofMillis(500), 3, 0.9);
    static final long TIMEOUT = TIMING.deathTimeoutNanos();
    static final long LEASE = TIMING.leaseNanos();

    final Timing timing;
    final ManualClock clock = new ManualClock();
    private Instant wallNow = Instant.parse("2026-11-25T00:00:00Z");
    final InstantSource wallClock = () -> wallNow;
    LockNamespace namespace;
    ServerRegistry registry;

    RegistryFixture() {
        this(TIMING);
    }

    RegistryFixture(Timing timing) {
        this.timing = timing;
        restartCoordinator();
    }

    /** A new coordinator process, serving at once: empty namespace, no memory of sessions or epochs. */
    RegistryFixture restartCoordinator() {
        buildCoordinator();
        registry.startServing();
        return this;
    }

    /** A new coordinator process that does not serve heartbeats yet (a restart takes a few seconds). */
    RegistryFixture buildCoordinator() {
        wallNow = wallNow.plusSeconds(5);
        namespace = new LockNamespace(wallClock);
        registry = new ServerRegistry(timing, 3, clock, wallClock, namespace, RegistryListener.NONE);
        return this;
    }

    /** Lets the restart-recovery period pass. */
    RegistryFixture open() {
        clock.advanceNanos(timing.deathTimeoutNanos());
        return this;
    }

    /** Time passes until every server but the given ones has missed its heartbeats and died. */
    void outliveTheSilent(SimServer... survivors) {
        advance(timing.deathTimeoutNanos());
        for (SimServer survivor : survivors) {
            survivor.beat();
        }
        advance(1);
        registry.expireDead();
    }

    void advance(long nanos) {
        clock.advanceNanos(nanos);
    }

    SimServer server(int cluster, int server) {
        return new SimServer(this, cluster, server);
    }

    /** Plays a timeline server's side of the heartbeat: remembers what the answers told it. */
    static final class SimServer {
        private final RegistryFixture fixture;
        final ServerKey key;
        String address;
        String uid;
        long sequence;
        long maxEpochSeen;
        boolean holdsLock;
        boolean wasInSync;
        boolean ready = true;
        Set<String> inSync = Set.of();
        TopologyView last;

        SimServer(RegistryFixture fixture, int cluster, int server) {
            this.fixture = fixture;
            this.key = new ServerKey(cluster, server);
            this.address = "localhost:" + (10000 + cluster * 100 + server);
            this.uid = "uid-c" + cluster + "-s" + server;
        }

        TopologyView beat() {
            last = fixture.registry.heartbeat(heartbeat());
            maxEpochSeen = Math.max(maxEpochSeen, last.epoch());
            if (last.role() != Role.PENDING) {
                holdsLock = last.role() == Role.MASTER;
                wasInSync = last.members().stream().anyMatch(m -> m.key().equals(key) && m.inSync());
            }
            return last;
        }

        Heartbeat heartbeat() {
            return new Heartbeat(key, address, uid, ++sequence, maxEpochSeen, holdsLock,
                    holdsLock ? inSync : Set.of(), wasInSync, ready);
        }

        /** The in-sync set this server reports while master: the original data of these server ids. */
        SimServer reporting(Integer... inSyncIds) {
            inSync = java.util.Arrays.stream(inSyncIds).map(id -> "uid-c" + key.clusterId() + "-s" + id)
                    .collect(java.util.stream.Collectors.toSet());
            return this;
        }

        Role role() {
            return last.role();
        }

        long epoch() {
            return last.epoch();
        }
    }
}

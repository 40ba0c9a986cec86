package sns.coordinator.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockNamespaceTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private final LockNamespace namespace = new LockNamespace(InstantSource.fixed(T0));
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void createMakesMissingParentsAndReadReturnsTheData() {
        namespace.create("/clusters/1/epoch", "4");

        assertThat(namespace.read("/clusters/1/epoch")).isEqualTo("4");
        assertThat(namespace.read("/clusters/1")).isEmpty();
        assertThat(namespace.list("/")).containsExactly("clusters");
        assertThat(namespace.exists("/clusters")).isTrue();
        assertThat(namespace.stat("/clusters/1/epoch"))
                .isEqualTo(new NodeStat(0, java.util.Optional.empty(), 0, T0, T0));
    }

    @Test
    void creatingAnExistingNodeFailsAndKeepsItsData() {
        namespace.create("/a", "first");
        assertThatThrownBy(() -> namespace.create("/a", "second"))
                .isInstanceOf(NodeExistsException.class).hasMessage("node '/a' already exists");
        assertThat(namespace.read("/a")).isEqualTo("first");
    }

    @Test
    void everyWriteBumpsTheVersionAndCompareAndSetChecksIt() {
        namespace.create("/a", "0");
        assertThat(namespace.write("/a", "1").version()).isEqualTo(1);
        assertThat(namespace.upsert("/a", "2").version()).isEqualTo(2);
        assertThat(namespace.write("/a", "3", 2).version()).isEqualTo(3);

        assertThatThrownBy(() -> namespace.write("/a", "stale", 2))
                .isInstanceOf(BadVersionException.class).hasMessageContaining("version 3");
        assertThat(namespace.read("/a")).isEqualTo("3");
        assertThat(namespace.upsert("/b/c", "new").version()).isZero();
    }

    @Test
    void readingWritingOrListingAMissingNodeIsNoSuchNode() {
        assertThatThrownBy(() -> namespace.read("/nope")).isInstanceOf(NoSuchNodeException.class)
                .hasMessage("no node at '/nope'");
        assertThatThrownBy(() -> namespace.write("/nope", "x")).isInstanceOf(NoSuchNodeException.class);
        assertThatThrownBy(() -> namespace.list("/nope")).isInstanceOf(NoSuchNodeException.class);
        assertThatThrownBy(() -> namespace.stat("/nope")).isInstanceOf(NoSuchNodeException.class);
        assertThatThrownBy(() -> namespace.delete("/nope")).isInstanceOf(NoSuchNodeException.class);
        assertThat(namespace.exists("/nope")).isFalse();
    }

    @Test
    void deleteRemovesOnlyLeaves() {
        namespace.create("/a/b", "");
        assertThatThrownBy(() -> namespace.delete("/a")).isInstanceOf(NotEmptyException.class)
                .hasMessageContaining("'/a' has 1 children");

        namespace.delete("/a/b");
        namespace.delete("/a");
        assertThat(namespace.list("/")).isEmpty();
        assertThatThrownBy(() -> namespace.delete("/")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void listReturnsChildNamesSorted() {
        namespace.create("/c/b", "");
        namespace.create("/c/a", "");
        namespace.create("/c/10", "");
        namespace.create("/c/a/deep", "");

        assertThat(namespace.list("/c")).containsExactly("10", "a", "b");
        assertThat(namespace.stat("/c").children()).isEqualTo(3);
    }

    @Test
    void invalidPathsAreRefusedWithTheReason() {
        for (String path : new String[] {"", "relative", "/trailing/", "/double//slash", "/dot/.", "/up/..",
                "/sp ace", "/star*"}) {
            assertThatThrownBy(() -> namespace.create(path, "")).as(path).isInstanceOf(InvalidPathException.class)
                    .hasMessageContaining("path '" + path + "'");
            assertThatThrownBy(() -> namespace.exists(path)).as(path).isInstanceOf(InvalidPathException.class);
        }
        assertThatThrownBy(() -> namespace.read(null)).isInstanceOf(InvalidPathException.class);
        assertThat(namespace.list("/")).isEmpty();
    }

    @Test
    void endingASessionDeletesEveryNodeItOwnsAndNothingElse() {
        namespace.createEphemeral("/clusters/1/master", "s1", "session-1");
        namespace.createEphemeral("/clusters/1/servers/1", "s1", "session-1");
        namespace.createEphemeral("/clusters/1/servers/2", "s2", "session-2");
        namespace.create("/clusters/1/epoch", "1");

        assertThat(namespace.stat("/clusters/1/master").ownerSession()).contains("session-1");
        assertThat(namespace.stat("/clusters/1/master").ephemeral()).isTrue();
        assertThat(namespace.ownedBy("session-1")).containsExactly("/clusters/1/master", "/clusters/1/servers/1");

        assertThat(namespace.endSession("session-1"))
                .containsExactly("/clusters/1/master", "/clusters/1/servers/1");
        assertThat(namespace.list("/clusters/1")).containsExactly("epoch", "servers");
        assertThat(namespace.list("/clusters/1/servers")).containsExactly("2");
        assertThat(namespace.ownedBy("session-1")).isEmpty();
        assertThat(namespace.endSession("session-1")).isEmpty();
        assertThat(namespace.endSession("never-existed")).isEmpty();
    }

    @Test
    void tryCreateEphemeralIsALockThatFreesWhenItsSessionEnds() {
        assertThat(namespace.tryCreateEphemeral("/lock", "a", "session-a")).isTrue();
        assertThat(namespace.tryCreateEphemeral("/lock", "b", "session-b")).isFalse();
        assertThat(namespace.read("/lock")).isEqualTo("a");

        namespace.endSession("session-a");

        assertThat(namespace.tryCreateEphemeral("/lock", "b", "session-b")).isTrue();
        assertThat(namespace.stat("/lock").ownerSession()).contains("session-b");
    }

    @Test
    void deleteIfOwnedByReleasesOnlyTheOwnersLock() {
        namespace.createEphemeral("/lock", "", "owner");
        namespace.create("/persistent", "");

        assertThat(namespace.deleteIfOwnedBy("/lock", "intruder")).isFalse();
        assertThat(namespace.deleteIfOwnedBy("/persistent", "owner")).isFalse();
        assertThat(namespace.deleteIfOwnedBy("/lock", "owner")).isTrue();
        assertThat(namespace.exists("/lock")).isFalse();
        assertThat(namespace.ownedBy("owner")).isEmpty();
    }

    @Test
    void anEphemeralNodeCannotHaveChildren() {
        namespace.createEphemeral("/lock", "", "owner");
        assertThatThrownBy(() -> namespace.create("/lock/child", ""))
                .isInstanceOf(EphemeralParentException.class).hasMessageContaining("'/lock' is ephemeral");
        assertThat(namespace.list("/lock")).isEmpty();
    }

    @Test
    void ephemeralNodesNeedAnOwner() {
        assertThatThrownBy(() -> namespace.createEphemeral("/x", "", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(namespace.exists("/x")).isFalse();
    }

    @Test
    void racingLockersHaveExactlyOneWinnerPerRound() throws Exception {
        for (int round = 0; round < 50; round++) {
            String path = "/race/" + round;
            List<Callable<Boolean>> lockers = new ArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            for (int t = 0; t < 8; t++) {
                String session = "round" + round + "-s" + t;
                lockers.add(() -> {
                    gate.await();
                    return namespace.tryCreateEphemeral(path, session, session);
                });
            }
            List<Future<Boolean>> results = lockers.stream().map(pool::submit).toList();
            gate.countDown();
            long winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).as("round %d", round).isEqualTo(1);
            assertThat(namespace.ownedBy(namespace.read(path))).containsExactly(path);
        }
    }

    @Test
    void concurrentCreatesAndSessionEndsLeaveAConsistentTree() throws Exception {
        int sessions = 8;
        int nodesPerSession = 200;
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            String session = "session-" + s;
            boolean endsItsSession = s % 2 == 0;
            work.add(pool.submit(() -> {
                gate.await();
                for (int n = 0; n < nodesPerSession; n++) {
                    namespace.createEphemeral("/shared/" + (n % 10) + "/" + session + "-" + n, "", session);
                    namespace.create("/persistent/" + session + "/" + n, "");
                }
                if (endsItsSession) {
                    assertThat(namespace.endSession(session)).hasSize(nodesPerSession);
                }
                return null;
            }));
        }
        gate.countDown();
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }

        int ephemeralLeft = 0;
        for (String bucket : namespace.list("/shared")) {
            for (String leaf : namespace.list("/shared/" + bucket)) {
                String owner = namespace.stat("/shared/" + bucket + "/" + leaf).ownerSession().orElseThrow();
                int sessionNumber = Integer.parseInt(owner.substring("session-".length()));
                assertThat(sessionNumber % 2).as("only sessions that did not end keep nodes").isEqualTo(1);
                ephemeralLeft++;
            }
        }
        assertThat(ephemeralLeft).isEqualTo(sessions / 2 * nodesPerSession);
        for (int s = 0; s < sessions; s++) {
            assertThat(namespace.ownedBy("session-" + s)).hasSize(s % 2 == 0 ? 0 : nodesPerSession);
            assertThat(namespace.list("/persistent/session-" + s)).hasSize(nodesPerSession);
        }
    }
}

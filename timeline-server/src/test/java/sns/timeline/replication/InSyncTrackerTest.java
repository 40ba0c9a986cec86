package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sns.api.v1.Member;
import sns.api.v1.Topology;
import sns.timeline.role.RoleSnapshot;
import sns.timeline.role.ServerRole;
import sns.timeline.social.SocialException;

/** The in-sync rules of a master on a manual clock: who may join, who must have a write, when it fails. */
class InSyncTrackerTest {

    private static final String MASTER = "uid-master";
    private static final String SLAVE = "uid-slave";
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(50);
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Map<String, Long> committed = new ConcurrentHashMap<>(Map.of(MASTER, 0L));

    private InSyncTracker tracker(int minInSync) {
        InSyncTracker tracker = new InSyncTracker(MASTER, () -> Map.copyOf(committed), now::get, () -> true,
                ACK_TIMEOUT, minInSync);
        tracker.roleChanged(new RoleSnapshot(ServerRole.MASTER, 1, Long.MAX_VALUE, true, Optional.empty()));
        return tracker;
    }

    /** The master commits its next local event and returns its seq. */
    private long commit() {
        return committed.merge(MASTER, 1L, Long::sum);
    }

    private static Topology confirming(String... inSync) {
        Topology.Builder topology = Topology.newBuilder();
        for (String uid : inSync) {
            topology.addMembers(Member.newBuilder().setServerId(2).setServerUid(uid).setInSync(true));
        }
        return topology.build();
    }

    @Test
    void aSlaveJoinsOnlyOnceItHoldsEveryAcknowledgedWrite() {
        committed.put(MASTER, 5L);
        InSyncTracker tracker = tracker(0);
        tracker.acked(SLAVE, Map.of(MASTER, 3L));
        assertThat(tracker.proposed()).as("it lacks what earlier terms acknowledged").isEmpty();
        long acknowledgedAlone = commit();
        tracker.awaitReplicated(acknowledgedAlone, LIMIT);

        tracker.acked(SLAVE, Map.of(MASTER, 5L));
        assertThat(tracker.proposed()).as("it lacks a write the master has acknowledged").isEmpty();

        tracker.acked(SLAVE, Map.of(MASTER, acknowledgedAlone));
        assertThat(tracker.proposed()).containsExactly(SLAVE);
    }

    @Test
    void aSlaveRestartedEmptyAtTheSameIdIsANewMemberThatMustJoinAgain() {
        InSyncTracker tracker = tracker(0);
        tracker.acked(SLAVE, Map.of(MASTER, 0L));
        long seq = commit();
        tracker.acked(SLAVE, Map.of(MASTER, seq));
        tracker.awaitReplicated(seq, LIMIT);
        tracker.recordConfirmed(confirming(SLAVE));

        tracker.disconnected(SLAVE);
        tracker.acked("uid-slave-wiped", Map.of());

        assertThat(tracker.proposed()).as("the new data lacks an acknowledged write").isEmpty();
        tracker.acked("uid-slave-wiped", Map.of(MASTER, seq));
        assertThat(tracker.proposed()).containsExactly("uid-slave-wiped");
    }

    @Test
    void aRemovalConfirmedWhileAWriteWaitsFailsTheWriteWhenTooFewReplicasRemain() {
        InSyncTracker tracker = tracker(1);
        tracker.acked(SLAVE, Map.of(MASTER, 0L));
        tracker.acked(SLAVE, Map.of(MASTER, 0L));
        tracker.recordConfirmed(confirming(SLAVE));
        tracker.requireEnoughReplicas();
        long seq = commit();

        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> tracker.awaitReplicated(seq, LIMIT));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            now.addAndGet(ACK_TIMEOUT.toNanos());
            return tracker.proposed().isEmpty();
        });
        tracker.recordConfirmed(confirming());

        await().atMost(Duration.ofSeconds(10)).until(write::isDone);
        assertThat(write).isCompletedExceptionally();
        assertThat(write.handle((ok, e) -> ((SocialException) e.getCause()).kind()).join())
                .isEqualTo(SocialException.Kind.UNKNOWN_OUTCOME);
    }

    @Test
    void aHandOverWaitsForAConfirmedSlaveThatHoldsEverythingCommitted() {
        InSyncTracker tracker = tracker(0);
        tracker.acked(SLAVE, Map.of(MASTER, 0L));
        tracker.recordConfirmed(confirming(SLAVE));
        commit();
        long last = commit();

        CompletableFuture<Optional<String>> successor = CompletableFuture.supplyAsync(() -> tracker.awaitSuccessor(LIMIT));
        tracker.acked(SLAVE, Map.of(MASTER, last - 1));
        assertThat(successor).as("it lacks the last committed event").isNotDone();
        tracker.acked(SLAVE, Map.of(MASTER, last));

        assertThat(successor.join()).contains(SLAVE);
    }

    @Test
    void aHandOverHasNoSuccessorWithoutAConfirmedMember() {
        InSyncTracker tracker = tracker(0);
        tracker.acked(SLAVE, Map.of(MASTER, 0L));
        assertThat(tracker.proposed()).as("proposed, not yet recorded by the coordinator").containsExactly(SLAVE);

        assertThat(tracker.awaitSuccessor(LIMIT)).isEmpty();
    }

    @Test
    void aHandOverPastItsLimitNamesTheConfirmedMemberFurthestAhead() {
        InSyncTracker tracker = tracker(0);
        tracker.acked(SLAVE, Map.of(MASTER, 0L));
        tracker.acked("uid-other", Map.of(MASTER, 0L));
        tracker.recordConfirmed(confirming(SLAVE, "uid-other"));
        commit();
        tracker.acked("uid-other", Map.of(MASTER, 1L));
        commit();

        assertThat(tracker.awaitSuccessor(Duration.ZERO)).contains("uid-other");
    }
}

package sns.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker fed hand-made histories and final reads: each kind of violation is reported. */
class CheckerTest {

    private static final List<Op> REGISTERED = List.of(
            op(0, Op.Type.REGISTER, "w0", Op.Outcome.OK, 1, 2, 1),
            op(1, Op.Type.REGISTER, "w1", Op.Outcome.OK, 1, 2, 1));
    private static final Set<String> USERS = Set.of("w0", "w1", "auditor");
    private static final List<EpochGrant> GRANTS = List.of(new EpochGrant(1, 1, 1, 0), new EpochGrant(1, 2, 2, 100));

    @Test
    void aFaithfulRunIsClean() {
        Verdict verdict = check(List.of(post("c0-0", Op.Outcome.OK, 10, 1), post("c0-1", Op.Outcome.UNKNOWN, 20, 1),
                post("c0-2", Op.Outcome.OK, 200, 2)), Map.of("c0-0", 1, "c0-2", 1), Set.of());
        assertThat(verdict.clean()).as(verdict.problems()).isTrue();
        assertThat(verdict.ok()).isEqualTo(4);
        assertThat(verdict.unknown()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedPostMissingOnAServerIsLost() {
        Verdict verdict = check(List.of(post("c0-0", Op.Outcome.OK, 10, 1)), Map.of(), Set.of());
        assertThat(verdict.lost()).containsExactly("post c0-0 on s1");
    }

    @Test
    void aPostShownTwiceIsDuplicated() {
        Verdict verdict = check(List.of(post("c0-0", Op.Outcome.OK, 10, 1)), Map.of("c0-0", 2), Set.of());
        assertThat(verdict.duplicated()).containsExactly("post c0-0 x2 on s1");
    }

    @Test
    void aPostNeverAttemptedOrDefinitelyFailedIsAPhantom() {
        Verdict verdict = check(List.of(post("c0-0", Op.Outcome.FAILED, 10, 1)),
                Map.of("c0-0", 1, "made-up", 1), Set.of());
        assertThat(verdict.phantom()).containsExactlyInAnyOrder("post c0-0 on s1", "post made-up on s1");
    }

    @Test
    void anAcknowledgementUnderAnEpochSupersededBeforeTheCallIsAStaleAck() {
        Verdict verdict = check(List.of(post("c0-0", Op.Outcome.OK, 150, 1)), Map.of("c0-0", 1), Set.of());
        assertThat(verdict.staleAcks()).hasSize(1).first().asString().contains("epoch 2 was granted at 100");
    }

    @Test
    void anAcknowledgementUnderTheOldEpochSentBeforeTheNewGrantIsNotStale() {
        Verdict verdict = check(List.of(post("c0-0", Op.Outcome.OK, 50, 1)), Map.of("c0-0", 1), Set.of());
        assertThat(verdict.staleAcks()).isEmpty();
    }

    @Test
    void followEdgesFollowTheLastAcknowledgedOperationOfTheirPair() {
        List<Op> edges = List.of(op(0, Op.Type.FOLLOW, "w1", Op.Outcome.OK, 10, 11, 1),
                op(0, Op.Type.UNFOLLOW, "w1", Op.Outcome.OK, 20, 21, 1),
                op(1, Op.Type.FOLLOW, "w0", Op.Outcome.UNKNOWN, 30, 31, 1));
        assertThat(check(edges, Map.of(), Set.of()).clean()).isTrue();
        assertThat(check(edges, Map.of(), Set.of("w1->w0")).clean()).as("an unknown follow may have happened").isTrue();
        assertThat(check(edges, Map.of(), Set.of("w0->w1")).phantom()).containsExactly("follow w0->w1 present on s1");
        assertThat(check(List.of(edges.get(0)), Map.of(), Set.of()).lost()).containsExactly("follow w0->w1 missing on s1");
    }

    @Test
    void theUnavailabilityWindowIsTheLongestGapBetweenAcknowledgementsDuringTheFault() {
        List<Op> history = List.of(post("a", Op.Outcome.OK, 10, 1), post("in flight", Op.Outcome.OK, 12, 1),
                post("b", Op.Outcome.UNKNOWN, 20, 1), post("c", Op.Outcome.OK, 400, 2),
                post("d", Op.Outcome.OK, 410, 2), post("after", Op.Outcome.OK, 600, 2));
        assertThat(Checker.unavailableMillis(history, new FaultPeriod(15, 500))).isEqualTo(405 - 17);
    }

    private static Verdict check(List<Op> ops, Map<String, Integer> posts, Set<String> edges) {
        List<Op> history = new java.util.ArrayList<>(REGISTERED);
        history.addAll(ops);
        return Checker.check(history, GRANTS, List.of(new ServerRead("s1", posts, edges, USERS)),
                List.of(new FaultPeriod(15, 500)));
    }

    private static Op post(String text, Op.Outcome outcome, long invoked, long epoch) {
        return op(0, Op.Type.POST, text, outcome, invoked, invoked + 5, epoch);
    }

    private static Op op(int client, Op.Type type, String value, Op.Outcome outcome, long invoked, long completed,
                         long epoch) {
        return new Op(client, "w" + client, type, value, outcome, invoked, completed, "127.0.0.11:1", 1, epoch, "");
    }
}

package sns.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FollowGraphTest {

    @Test
    void theSameSeedGivesTheSameGraphAndAnotherSeedAnother() {
        FollowGraph a = FollowGraph.zipf(1_000, 10, 1.0, 42);
        FollowGraph b = FollowGraph.zipf(1_000, 10, 1.0, 42);
        FollowGraph c = FollowGraph.zipf(1_000, 10, 1.0, 43);

        assertThat(IntStream.range(0, 1_000)).allMatch(u -> Arrays.equals(a.followees(u), b.followees(u)));
        assertThat(IntStream.range(0, 1_000)).anyMatch(u -> !Arrays.equals(a.followees(u), c.followees(u)));
    }

    @Test
    void nobodyFollowsThemselvesOrAnyoneTwice() {
        FollowGraph graph = FollowGraph.zipf(500, 20, 1.2, 7);

        for (int user = 0; user < graph.users(); user++) {
            int[] followees = graph.followees(user);
            int me = user;
            assertThat(followees).doesNotContain(me).doesNotHaveDuplicates();
            assertThat(followees.length).isEqualTo(20);
        }
    }

    @Test
    void aFewUsersHaveMostFollowers() {
        FollowGraph graph = FollowGraph.zipf(1_000, 10, 1.0, 42);
        int[] sorted = Arrays.stream(graph.followerCounts()).sorted().toArray();
        long top10 = IntStream.range(sorted.length - 10, sorted.length).mapToLong(i -> sorted[i]).sum();

        // uniform follows would give the top 1% of users about 1% of all follows
        assertThat((double) top10 / graph.edges()).isGreaterThan(0.2);
        assertThat(sorted[sorted.length - 1]).isGreaterThan(20 * Math.max(1, sorted[sorted.length / 2]));
    }

    @Test
    void aSmallNetworkFollowsEveryoneElseAtMost() {
        FollowGraph graph = FollowGraph.zipf(3, 10, 1.0, 1);

        assertThat(graph.followees(0)).hasSize(2).containsExactlyInAnyOrder(1, 2);
    }
}

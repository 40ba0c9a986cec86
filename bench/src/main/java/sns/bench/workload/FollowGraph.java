package sns.bench.workload;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * A skewed follow graph: each user follows up to {@code followsPerUser} distinct others, each
 * followee drawn from a Zipf distribution over popularity ranks (a few users have most
 * followers, as in real social networks). Ranks map to users through a seeded shuffle, so
 * popularity does not follow user number or cluster. The same seed gives the same graph.
 */
public final class FollowGraph {

    private final int[][] followees;

    private FollowGraph(int[][] followees) {
        this.followees = followees;
    }

    public static FollowGraph zipf(int users, int followsPerUser, double exponent, long seed) {
        if (users < 2) {
            throw new IllegalArgumentException("a follow graph needs at least 2 users");
        }
        Well19937c random = new Well19937c(seed);
        int[] userOfRank = shuffledRanks(users, random);
        ZipfDistribution popularity = new ZipfDistribution(random, users, exponent);
        int wanted = Math.min(followsPerUser, users - 1);
        int[][] followees = new int[users][];
        for (int user = 0; user < users; user++) {
            Set<Integer> chosen = new LinkedHashSet<>();
            // bounded: with strong skew the most popular users are drawn again and again
            for (int attempt = 0; chosen.size() < wanted && attempt < 50 * wanted; attempt++) {
                int followee = userOfRank[popularity.sample() - 1];
                if (followee != user) {
                    chosen.add(followee);
                }
            }
            followees[user] = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        return new FollowGraph(followees);
    }

    private static int[] shuffledRanks(int users, Well19937c random) {
        int[] userOfRank = new int[users];
        Arrays.setAll(userOfRank, i -> i);
        for (int i = users - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = userOfRank[i];
            userOfRank[i] = userOfRank[j];
            userOfRank[j] = swap;
        }
        return userOfRank;
    }

    public int users() {
        return followees.length;
    }

    /** Whom {@code user} follows (distinct, never the user). */
    public int[] followees(int user) {
        return followees[user].clone();
    }

    /** How many followers each user has. */
    public int[] followerCounts() {
        int[] counts = new int[followees.length];
        for (int[] list : followees) {
            for (int followee : list) {
                counts[followee]++;
            }
        }
        return counts;
    }

    public long edges() {
        return Arrays.stream(followees).mapToLong(list -> list.length).sum();
    }
}

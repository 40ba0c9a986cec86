package sns.bench.report;

import java.util.Map;

/** The workload the phases ran on, and what setting it up cost and failed. */
public record Workload(int users, int clusters, int followsPerUser, double zipfExponent, long followEdges,
                       int mostFollowers, int liveStreams, int postBytes, double setupSeconds,
                       Map<String, Long> setupErrors, long jitWarmupSeconds) {
}

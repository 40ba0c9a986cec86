package sns.timeline.replication;

import java.util.Map;
import sns.api.v1.VersionVector;

/** Conversions and comparisons of version vectors (origin uid -> highest contiguous seq). */
final class VersionVectors {

    private VersionVectors() {}

    static VersionVector toProto(Map<String, Long> vector) {
        return VersionVector.newBuilder().putAllSeqs(vector).build();
    }

    /** True when {@code have} contains everything in {@code wanted}. */
    static boolean covers(Map<String, Long> have, Map<String, Long> wanted) {
        return wanted.entrySet().stream().allMatch(e -> have.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** How many events of {@code wanted} are not in {@code have}. */
    static long missing(Map<String, Long> have, Map<String, Long> wanted) {
        return wanted.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - have.getOrDefault(e.getKey(), 0L)))
                .sum();
    }
}

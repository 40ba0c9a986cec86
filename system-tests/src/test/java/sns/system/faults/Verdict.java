package sns.system.faults;

import java.util.List;
import java.util.stream.Stream;

/** The checker's findings for one run; each list names what it found, so a failure says where to look. */
public record Verdict(int ok, int failed, int unknown, List<String> lost, List<String> duplicated,
                      List<String> phantom, List<String> staleAcks, List<Long> unavailableMillis) {

    public boolean clean() {
        return lost.isEmpty() && duplicated.isEmpty() && phantom.isEmpty() && staleAcks.isEmpty();
    }

    /** The longest unavailability window of the run's faults (-1: none measured). */
    public long longestUnavailableMillis() {
        return unavailableMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    public String problems() {
        return Stream.of(lost.stream().map(p -> "LOST " + p), duplicated.stream().map(p -> "DUPLICATED " + p),
                        phantom.stream().map(p -> "PHANTOM " + p), staleAcks.stream().map(p -> "STALE ACK " + p))
                .flatMap(s -> s).limit(50).reduce("", (a, b) -> a + b + "\n");
    }
}

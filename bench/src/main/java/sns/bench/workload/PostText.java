package sns.bench.workload;

import java.util.Optional;

/**
 * The text of a bench post carries what a follower's stream needs to time its arrival: the phase,
 * the post's intended start (the generator's monotonic clock; streams run in the same JVM) and the
 * author's cluster. It is padded to a fixed size so every post weighs the same.
 * Format: {@code b<phase> <n> <intendedStartNanos> <authorCluster> xxxx...}.
 */
public final class PostText {

    /** What a received bench post says about itself. */
    public record Stamp(int phase, long n, long intendedStartNanos, int authorCluster) {
    }

    private PostText() {
    }

    public static String of(Stamp stamp, int size) {
        StringBuilder text = new StringBuilder(size).append('b').append(stamp.phase()).append(' ').append(stamp.n())
                .append(' ').append(stamp.intendedStartNanos()).append(' ').append(stamp.authorCluster()).append(' ');
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString();
    }

    /** The stamp of a bench post, empty for any other text. */
    public static Optional<Stamp> parse(String text) {
        if (!text.startsWith("b")) {
            return Optional.empty();
        }
        String[] fields = text.substring(1).split(" ", 5);
        if (fields.length < 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stamp(Integer.parseInt(fields[0]), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]), Integer.parseInt(fields[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package sns.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Figures of a few rounds, in milliseconds: min, p50, p99 and max by nearest rank. */
final class Distribution {

    private final List<Long> millis = new ArrayList<>();

    void add(long nanos) {
        millis.add(nanos / 1_000_000);
    }

    String row(String what) {
        if (millis.isEmpty()) {
            return String.format(Locale.ROOT, "| %s | 0 | - | - | - | - |", what);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |", what, sorted.size(), sorted.get(0),
                rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    static String header() {
        return "| ms | rounds | min | p50 | p99 | max |\n|---|---|---|---|---|---|";
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

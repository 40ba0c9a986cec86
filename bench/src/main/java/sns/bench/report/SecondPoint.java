package sns.bench.report;

/** One second of a phase (counted from its window's start, by answer time), for the chart. */
public record SecondPoint(int second, long acknowledged, double p50Millis, double p99Millis) {
}

package sns.bench.report;

import java.util.List;
import sns.bench.load.FindMax;

/** The saturation search: every step tried and the highest offered rate that held. */
public record FindMaxResult(double p99LimitMillis, double highestHeldRate, double ratioToEcho,
                            List<FindMax.Step> steps) {
}

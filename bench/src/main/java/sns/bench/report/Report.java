package sns.bench.report;

import java.util.List;
import java.util.Map;
import sns.bench.machine.Machine;

/** Everything one bench run measured; written as Markdown, JSON and a PNG chart. */
public record Report(String commit, String startedAt, String note, Machine machine,
                     Map<String, Double> idleRssMegabytes, Workload workload,
                     List<PhaseResult> calibration, List<PhaseResult> phases, FindMaxResult findMax,
                     String chartFile) {

    /** The calibration rate every throughput is compared with: the fastest echo variant. */
    public double echoRate() {
        return calibration.stream().mapToDouble(PhaseResult::acknowledgedPerSecond).max().orElse(0);
    }

    /** The phase the latency-over-time chart shows: the last one run. */
    public PhaseResult chartedPhase() {
        return phases.get(phases.size() - 1);
    }
}

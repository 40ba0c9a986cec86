package sns.bench.report;

import java.util.List;
import java.util.Map;
import sns.bench.machine.ProcessUsage;

/**
 * The figures of one measured phase. {@code targetRate} is the open loop's offered rate (0 for a
 * closed loop), {@code concurrency} the closed loop's in-flight count (0 for an open loop).
 * {@code machineCpuSeconds} is every process's CPU on the machine during the window, so
 * whatever else ran on it shows as the difference to the processes listed.
 */
public record PhaseResult(String name, String mode, double targetRate, int concurrency, double seconds,
                          long acknowledged, double acknowledgedPerSecond, double ratioToEcho,
                          LatencySummary ack, Map<String, Long> errors, LatencySummary fanOutSameCluster,
                          LatencySummary fanOutOtherCluster, Map<String, Long> streamErrors,
                          List<ProcessUsage> processes, double machineCpuSeconds, List<SecondPoint> perSecond) {

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public PhaseResult withRatioToEcho(double echoRate) {
        return new PhaseResult(name, mode, targetRate, concurrency, seconds, acknowledged, acknowledgedPerSecond,
                echoRate > 0 ? acknowledgedPerSecond / echoRate : 0, ack, errors, fanOutSameCluster,
                fanOutOtherCluster, streamErrors, processes, machineCpuSeconds, perSecond);
    }
}

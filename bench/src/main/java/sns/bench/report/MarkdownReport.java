package sns.bench.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sns.bench.load.FindMax;
import sns.bench.machine.Machine;
import sns.bench.machine.ProcessUsage;

/** The human-readable report: machine first, then the figures of every phase. */
public final class MarkdownReport {

    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    public static String render(Report report) {
        MarkdownReport md = new MarkdownReport();
        md.header(report);
        md.workload(report.workload());
        md.results(report);
        if (report.findMax() != null) {
            md.findMax(report.findMax());
        }
        md.processes(report);
        if (report.chartFile() != null) {
            md.line("## Latency over time").line()
                    .line("Phase \"" + report.chartedPhase().name() + "\", second by second:").line()
                    .line("![ack latency and throughput per second](" + report.chartFile() + ")").line();
        }
        md.method();
        return md.out.toString();
    }

    private void header(Report report) {
        Machine m = report.machine();
        line("# SNS benchmark " + report.startedAt() + " (commit " + report.commit() + ")").line();
        if (report.note() != null && !report.note().isBlank()) {
            line("> " + report.note()).line();
        }
        line("| machine | |").line("|---|---|");
        line(f("| cores | %d |", m.cores()));
        line(f("| memory | %.1f GiB |", m.memoryGigabytes()));
        line("| JDK | " + m.jdk() + " |");
        line("| OS | " + m.os() + " |");
        line(f("| disk fsync (4 KiB append + fdatasync, %d times, in `%s`) p50 / p99 | %.2f / %.2f ms |",
                m.fsyncCount(), m.fsyncDirectory(), m.fsyncP50Millis(), m.fsyncP99Millis()));
        line(f("| load average (1 min) at start | %.2f |", m.loadAverageAtStart()));
        line("| RSS of each node, idle (after start-up, before any load) | " + report.idleRssMegabytes().entrySet()
                .stream().map(e -> f("%s %.0f MB", e.getKey(), e.getValue())).collect(Collectors.joining(", "))
                + " |").line();
    }

    private void workload(Workload w) {
        line("## Workload").line();
        line(f("%d users on %d clusters (user i on cluster i mod %d + 1), each following up to %d others drawn "
                        + "from a Zipf distribution (exponent %.2f): %d follow edges, the most followed user has %d "
                        + "followers. %d users hold a live Timeline stream on their master. Posts are %d characters, "
                        + "by a random user, sent to that user's home master. Set-up (sign-up with BCrypt, "
                        + "follows, streams) took %.0f s and is not measured; set-up errors: %s. Then the closed loop ran "
                        + "%d s unmeasured (`--jit-warmup`), so that the servers' JIT compilation is done before the "
                        + "first measured phase: the figures are steady state.",
                w.users(), w.clusters(), w.clusters(), w.followsPerUser(), w.zipfExponent(), w.followEdges(),
                w.mostFollowers(), w.liveStreams(), w.postBytes(), w.setupSeconds(), errors(w.setupErrors()),
                w.jitWarmupSeconds()));
        line();
    }

    private void results(Report report) {
        line("## Results").line();
        line(f("Calibration: a bare gRPC unary echo (same message, %s) in its own JVM on loopback, driven by the "
                + "same generator; the ratio column divides by the fastest echo, %.0f calls/s.",
                "SNS's PostRequest", report.echoRate())).line();
        line("| phase | load | acknowledged/s | × echo | ack p50 / p99 / p99.9 / max (ms) "
                + "| fan-out same cluster p50 / p99 (ms) | fan-out other cluster p50 / p99 (ms) | errors |");
        line("|---|---|---|---|---|---|---|---|");
        report.calibration().forEach(this::phaseRow);
        report.phases().forEach(this::phaseRow);
        line();
    }

    private void phaseRow(PhaseResult p) {
        String load = p.mode().equals("open")
                ? f("open loop, %.0f/s offered, %.0f s", p.targetRate(), p.seconds())
                : f("closed loop, %d in flight, %.0f s", p.concurrency(), p.seconds());
        line(f("| %s | %s | %.0f | %.3f | %s | %s | %s | %s |", p.name(), load, p.acknowledgedPerSecond(),
                p.ratioToEcho(), latency(p.ack()), fanOut(p.fanOutSameCluster()), fanOut(p.fanOutOtherCluster()),
                errors(p.errors()) + (p.streamErrors().isEmpty() ? "" : "; streams: " + errors(p.streamErrors()))));
    }

    private void findMax(FindMaxResult result) {
        line("## Saturation search (--find-max)").line();
        line(f("Open-loop rate raised step by step until ack p99 passed %.0f ms or errors appeared, then bisected. "
                + "**Highest rate that held: %.0f posts/s** (%.3f × echo).", result.p99LimitMillis(),
                result.highestHeldRate(), result.ratioToEcho())).line();
        line("| step | offered/s | acknowledged/s | ack p99 (ms) | errors | held |").line("|---|---|---|---|---|---|");
        int i = 1;
        for (FindMax.Step step : result.steps()) {
            line(f("| %d | %.0f | %.0f | %.1f | %d | %s |", i++, step.rate(), step.acknowledgedPerSecond(),
                    step.p99Millis(), step.errors(), step.held() ? "yes" : "no"));
        }
        line();
    }

    private void processes(Report report) {
        line("## CPU and memory per process").line();
        line("CPU seconds (user + system, /proc/PID/stat) used during each measured window, per acknowledged "
                + "post, and the resident set (/proc/PID/status VmRSS) at its end. \"machine\" is every "
                + "process on the machine (/proc/stat): the difference is whatever else was running. For the "
                + "echo phases \"post\" means echo call.").line();
        for (PhaseResult p : Stream.concat(report.calibration().stream(), report.phases().stream())
                .toList()) {
            line("**" + p.name() + "**").line();
            line("| process | pid | CPU s | CPU ms / post | RSS MB |").line("|---|---|---|---|---|");
            double ours = 0;
            for (ProcessUsage u : p.processes()) {
                ours += u.cpuSeconds();
                line(f("| %s | %d | %.2f | %.3f | %.0f |", u.name(), u.pid(), u.cpuSeconds(), u.cpuMillisPerPost(),
                        u.rssMegabytes()));
            }
            double perPost = p.acknowledged() > 0 ? ours * 1000 / p.acknowledged() : 0;
            line(f("| all listed | | %.2f | %.3f | |", ours, perPost));
            line(f("| machine (every process) | | %.2f | | |", p.machineCpuSeconds())).line();
        }
    }

    private void method() {
        line("## How it was measured").line();
        line("- Open loop: post n is due at start + n / rate whether or not earlier posts were answered; its "
                + "latency is from that intended start, so a stall anywhere (generator, network, server) counts "
                + "for every post due during it (no coordinated omission).");
        line("- Closed loop: N posts in flight, each answer sends the next; latency from the actual send.");
        line("- Warm-up before each window is excluded. A post counts when its start lies in the window; "
                + "its latency is recorded however late it answers; acknowledged/s counts answers inside the window.");
        line("- Fan-out: from a post's (intended) start to its arrival on a follower's live Timeline stream, "
                + "split by whether the follower's home cluster is the author's.");
        line("- All calls go through the client API: the coordinator's GetServer names each cluster's master, "
                + "users log in for tokens, async stubs on a few transport threads (direct executor).");
    }

    private static String latency(LatencySummary s) {
        return s.count() == 0 ? "-" : f("%.1f / %.1f / %.1f / %.1f", s.p50Millis(), s.p99Millis(),
                s.p999Millis(), s.maxMillis());
    }

    private static String fanOut(LatencySummary s) {
        return s.count() == 0 ? "-" : f("%.1f / %.1f (%d)", s.p50Millis(), s.p99Millis(), s.count());
    }

    static String errors(Map<String, Long> errors) {
        return errors.isEmpty() ? "none" : errors.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private MarkdownReport line(String text) {
        out.append(text).append('\n');
        return this;
    }

    private MarkdownReport line() {
        return line("");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package sns.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import sns.api.v1.PostRequest;
import sns.bench.echo.EchoProcess;
import sns.bench.echo.EchoSender;
import sns.bench.load.FindMax;
import sns.bench.machine.Machine;
import sns.bench.machine.PidFiles;
import sns.bench.machine.ProcessSampler;
import sns.bench.report.FindMaxResult;
import sns.bench.report.JsonReport;
import sns.bench.report.LatencyChart;
import sns.bench.report.MarkdownReport;
import sns.bench.report.PhaseResult;
import sns.bench.report.Report;
import sns.bench.report.Workload;
import sns.bench.workload.BenchUser;
import sns.bench.workload.FanOut;
import sns.bench.workload.FollowGraph;
import sns.bench.workload.LiveStreams;
import sns.bench.workload.Masters;
import sns.bench.workload.Population;
import sns.bench.workload.PostSender;
import sns.bench.workload.PostText;

/**
 * The load generator, against a running system (./sns up; bench/run.sh starts one). In order:
 * the machine (cores, memory, JDK, fsync latency); calibration on a bare gRPC echo server in its own
 * JVM; the workload's set-up (users on every cluster, Zipf follow graph, live streams), unmeasured;
 * then a closed-loop phase, the saturation search and an open-loop phase; finally the report as
 * Markdown, JSON and a PNG chart. Options: {@link BenchOptions#USAGE}.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Bench(options).run();
        write(report, options.out());
        System.exit(0);
    }

    private final BenchOptions options;
    private final long self = ProcessHandle.current().pid();

    private Bench(BenchOptions options) {
        this.options = options;
    }

    private Report run() throws Exception {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Machine machine = Machine.describe(options.snsHome().resolve("data"));
        log("machine: %d cores, fsync p50 %.2f ms", machine.cores(), machine.fsyncP50Millis());
        Map<String, Double> idleRss = new ProcessSampler(Path.of("/proc"), PidFiles.read(options.snsHome()))
                .rssMegabytes();
        log("idle RSS (MB): %s", idleRss);
        List<PhaseResult> echoes = List.of(echo(true), echo(false));
        double echoRate = echoes.stream().mapToDouble(PhaseResult::acknowledgedPerSecond).max().orElse(0);
        List<PhaseResult> calibration = echoes.stream().map(echo -> echo.withRatioToEcho(echoRate)).toList();

        ManagedChannel coordinator = ManagedChannelBuilder.forTarget(options.coordinator()).usePlaintext().build();
        try (Masters masters = Masters.find(coordinator, options.clusters(), options.channelsPerMaster())) {
            log("masters: %s", masters.addresses());
            long setupStart = System.nanoTime();
            Population population = new Population(masters);
            String prefix = "u" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "_";
            List<BenchUser> users = population.signUp(options.users(), prefix, 8);
            log("signed up %d users", users.size());
            if (!population.awaitEveryoneEverywhere(users, Duration.ofSeconds(120))) {
                log("not every user reached every cluster within 120 s; follows across clusters may fail");
            }
            FollowGraph graph = FollowGraph.zipf(options.users(), options.followsPerUser(), options.zipfExponent(),
                    options.seed());
            long follows = population.follow(users, graph, 32);
            log("created %d follows", follows);
            FanOut fanOut = new FanOut();
            try (LiveStreams streams = new LiveStreams(fanOut)) {
                long live = streams.open(holders(users), Duration.ofSeconds(60));
                log("%d live streams", live);
                Workload workload = new Workload(options.users(), options.clusters(), options.followsPerUser(),
                        options.zipfExponent(), follows, Arrays.stream(graph.followerCounts()).max().orElse(0),
                        (int) live, options.postBytes(), (System.nanoTime() - setupStart) / 1e9, population.errors(),
                        options.jitWarmup().toSeconds());
                Map<String, Long> pids = new LinkedHashMap<>(PidFiles.read(options.snsHome()));
                pids.put("bench", self);
                try (PhaseRunner runner = new PhaseRunner(new ProcessSampler(Path.of("/proc"), pids), fanOut,
                        options.maxInFlight())) {
                    return load(runner, users, echoRate, startedAt, machine, idleRss, workload, calibration);
                }
            }
        } finally {
            coordinator.shutdownNow();
        }
    }

    private Report load(PhaseRunner runner, List<BenchUser> users, double echoRate, String startedAt,
                        Machine machine, Map<String, Double> idleRss, Workload workload,
                        List<PhaseResult> calibration) throws Exception {
        List<PhaseResult> phases = new ArrayList<>();
        int phase = 0;
        double closedRate = 0;
        if (!options.jitWarmup().isZero()) {
            // In the servers' first minute under load, C2 compilation takes about a third of a master's CPU.
            PhaseResult warmup = runner.closed("jit warm-up", ++phase, posts(users, phase), options.concurrency(),
                    options.jitWarmup().minusSeconds(1), Duration.ofSeconds(1));
            log("jit warm-up: %d s of closed loop, %.0f posts/s at its end", options.jitWarmup().toSeconds(),
                    warmup.acknowledgedPerSecond());
        }
        if (options.modes().contains("closed")) {
            PhaseResult closed = runner.closed("closed loop", ++phase, posts(users, phase), options.concurrency(),
                    options.warmup(), options.measured()).withRatioToEcho(echoRate);
            phases.add(closed);
            closedRate = closed.acknowledgedPerSecond();
            log("closed loop: %.0f posts/s", closedRate);
        }
        FindMaxResult findMax = null;
        if (options.findMax()) {
            double start = options.findMaxStart() > 0 ? options.findMaxStart() : Math.max(20, 0.3 * closedRate);
            FindMax search = new FindMax(start, 1.3, options.findMaxSteps(), options.p99LimitMillis(),
                    System::nanoTime, options.findMaxBudget().toNanos());
            for (var rate = search.nextRate(); rate.isPresent(); rate = search.nextRate()) {
                PhaseResult step = runner.open("find-max", ++phase, posts(users, phase), rate.getAsDouble(),
                        Duration.ofSeconds(2), options.findMaxStepTime());
                var verdict = search.record(rate.getAsDouble(), step.acknowledgedPerSecond(), step.ack().p99Millis(),
                        step.errorCount());
                log("find-max %.0f/s: p99 %.1f ms, %d errors -> %s", rate.getAsDouble(), step.ack().p99Millis(),
                        step.errorCount(), verdict.held() ? "held" : "failed");
            }
            findMax = new FindMaxResult(options.p99LimitMillis(), search.highestHeld(),
                    echoRate > 0 ? search.highestHeld() / echoRate : 0, search.steps());
        }
        String chart = null;
        if (options.modes().contains("open")) {
            double rate = openRate(findMax, closedRate);
            PhaseResult open = runner.open("open loop", ++phase, posts(users, phase), rate, options.warmup(),
                    options.measured()).withRatioToEcho(echoRate);
            phases.add(open);
            log("open loop at %.0f/s: %.0f posts/s, p99 %.1f ms", rate, open.acknowledgedPerSecond(),
                    open.ack().p99Millis());
        }
        if (options.sustainRate() > 0) {
            PhaseResult sustained = runner.open("sustained", ++phase, posts(users, phase), options.sustainRate(),
                    options.warmup(), options.sustainTime()).withRatioToEcho(echoRate);
            phases.add(sustained);
            log("sustained %.0f/s for %d s: %.0f posts/s, p99 %.1f ms", options.sustainRate(),
                    options.sustainTime().toSeconds(), sustained.acknowledgedPerSecond(), sustained.ack().p99Millis());
        }
        if (!phases.isEmpty()) {
            chart = options.out().getFileName() + ".png";
        }
        return new Report(options.commit(), startedAt, options.note(), machine, idleRss, workload, calibration, phases,
                findMax, chart);
    }

    private double openRate(FindMaxResult findMax, double closedRate) {
        if (options.rate() > 0) {
            return options.rate();
        }
        if (findMax != null && findMax.highestHeldRate() > 0) {
            return findMax.highestHeldRate() / 2;
        }
        return closedRate > 0 ? closedRate / 2 : 100;
    }

    private PostSender posts(List<BenchUser> users, int phase) {
        return new PostSender(users, phase, options.postBytes());
    }

    private List<BenchUser> holders(List<BenchUser> users) {
        Random random = new Random(options.seed());
        return users.stream().filter(user -> random.nextDouble() < options.streamShare()).toList();
    }

    /** One calibration phase: the echo server (direct or default executor) at the closed loop's concurrency. */
    private PhaseResult echo(boolean direct) throws Exception {
        try (EchoProcess server = EchoProcess.start(direct)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                    .directExecutor().build();
            try (PhaseRunner runner = new PhaseRunner(new ProcessSampler(Path.of("/proc"),
                    Map.of("bench", self, "echo", server.pid())), new FanOut(), options.maxInFlight())) {
                PostRequest message = PostRequest.newBuilder().setText(PostText.of(new PostText.Stamp(0, 0, 0, 0),
                        options.postBytes())).setIdempotencyKey(key()).build();
                EchoSender echo = new EchoSender(channel, message);
                echo.warmUp();
                PhaseResult result = runner.closed(direct ? "echo, direct executor" : "echo, default executor", 0,
                        echo, options.concurrency(), Duration.ofSeconds(2),
                        options.echoTime());
                log("%s: %.0f calls/s", result.name(), result.acknowledgedPerSecond());
                return result;
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static void write(Report report, Path out) throws Exception {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(parent.resolve(out.getFileName() + ".md"), MarkdownReport.render(report));
        JsonReport.write(report, parent.resolve(out.getFileName() + ".json"));
        if (report.chartFile() != null) {
            LatencyChart.write(report.chartedPhase(), parent.resolve(report.chartFile()));
        }
        log("report: %s.md (.json, .png)", out);
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    /** A random 128-bit idempotency key (also used by {@link FailoverBench}). */
    static ByteString key() {
        return Population.key();
    }

    /** The authorization header carrying {@code token} (also used by {@link FailoverBench}). */
    static Metadata bearer(String token) {
        return BenchUser.bearer(token);
    }
}

package sns.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options, {@code --name value} or {@code --name=value}; {@code --find-max} is a flag.
 * Every default is bounded so that a run with no options finishes in a few minutes.
 */
record BenchOptions(String coordinator, Path snsHome, Path out, String commit, String note, int clusters,
                    int users, int followsPerUser, double zipfExponent, double streamShare, long seed,
                    int postBytes, int concurrency, double rate, Duration warmup, Duration measured,
                    Set<String> modes, boolean findMax, double findMaxStart, int findMaxSteps,
                    Duration findMaxStepTime, Duration findMaxBudget, double p99LimitMillis, Duration echoTime,
                    long maxInFlight, int channelsPerMaster, Duration jitWarmup, double sustainRate,
                    Duration sustainTime) {

    static final String USAGE = """
            bench [options]   (bench/run.sh passes these through; all optional)
              --coordinator HOST:PORT   coordinator address (localhost:9000)
              --sns-home DIR            the system's SNS_HOME: pid files, data dir for the fsync probe ($SNS_HOME or .sns)
              --out PATH                report path without extension: writes PATH.md, PATH.json, PATH.png (bench-report)
              --commit TEXT --note TEXT printed at the top of the report
              --clusters N              clusters of the system (2, as ./sns up starts)
              --users U                 users, spread over the clusters (1000)
              --follows K               follows per user, Zipf-drawn (10)   --zipf S   Zipf exponent (1.0)
              --stream-share F          share of users holding a live Timeline stream (0.2)
              --seed N                  follow graph and stream holders (42)
              --post-bytes B            characters per post (200)
              --modes closed,open       load phases to run (both)
              --concurrency N           closed loop: posts in flight (64)
              --rate R                  open loop: posts/s (default: half the find-max result, else half the closed loop's)
              --seconds S --warmup W    measured window and warm-up of each phase (20, 5)
              --jit-warmup S            closed loop run unmeasured before the first phase, so the servers'
                                        JIT compilation is done (60; 0 measures a cold system)
              --find-max                raise the open-loop rate until ack p99 > --p99-limit-ms (50) or errors
              --find-max-start R        first rate (default: 0.3 x the closed loop's throughput)
              --find-max-steps N        at most N steps (8), each --find-max-seconds long (8 + 2 warm-up),
              --find-max-budget S       and at most S seconds in all (150)
              --sustain R               last, an open loop at R posts/s for --sustain-seconds (60): does the
                                        system keep a fixed rate up for a minute? (off)
              --echo-seconds S          each calibration echo phase (8 + 2 warm-up)
              --max-in-flight N         open loop: posts beyond N unanswered are counted as errors (20000)
              --channels N              connections per master (2)
            """;

    static BenchOptions parse(String... args) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
            }
            String name = arg.substring(2);
            if (name.contains("=")) {
                raw.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
            } else if (name.equals("find-max") || name.equals("help")) {
                raw.put(name, "true");
            } else if (i + 1 < args.length) {
                raw.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
            }
        }
        Options o = new Options(raw);
        String home = System.getenv().getOrDefault("SNS_HOME", ".sns");
        BenchOptions options = new BenchOptions(o.text("coordinator", "localhost:9000"),
                Path.of(o.text("sns-home", home)), Path.of(o.text("out", "bench-report")), o.text("commit", "local"),
                o.text("note", ""), o.integer("clusters", 2), o.integer("users", 1000), o.integer("follows", 10),
                o.decimal("zipf", 1.0), o.decimal("stream-share", 0.2), o.integer("seed", 42),
                o.integer("post-bytes", 200), o.integer("concurrency", 64), o.decimal("rate", 0),
                o.seconds("warmup", 5), o.seconds("seconds", 20), Set.copyOf(List.of(o.text("modes", "closed,open")
                        .split(","))), raw.containsKey("find-max"), o.decimal("find-max-start", 0),
                o.integer("find-max-steps", 8), o.seconds("find-max-seconds", 8), o.seconds("find-max-budget", 150),
                o.decimal("p99-limit-ms", 50), o.seconds("echo-seconds", 8), o.integer("max-in-flight", 20_000),
                o.integer("channels", 2), o.seconds("jit-warmup", 60), o.decimal("sustain", 0),
                o.seconds("sustain-seconds", 60));
        o.rejectUnknown();
        if (options.users() < 2 || options.clusters() < 1 || options.concurrency() < 1) {
            throw new IllegalArgumentException("need --users >= 2, --clusters >= 1, --concurrency >= 1");
        }
        if (!options.jitWarmup().isZero() && options.jitWarmup().compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("--jit-warmup is 0 (none) or at least 2 seconds");
        }
        return options;
    }

    /** Reads values by name and remembers which were asked for, so a misspelt option is an error. */
    private static final class Options {
        private final Map<String, String> raw;
        private final java.util.Set<String> known = new java.util.HashSet<>(List.of("find-max", "help"));

        Options(Map<String, String> raw) {
            this.raw = raw;
        }

        String text(String name, String fallback) {
            known.add(name);
            return raw.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            return Integer.parseInt(text(name, Integer.toString(fallback)));
        }

        double decimal(String name, double fallback) {
            return Double.parseDouble(text(name, Double.toString(fallback)));
        }

        Duration seconds(String name, long fallback) {
            return Duration.ofMillis(Math.round(decimal(name, fallback) * 1000));
        }

        void rejectUnknown() {
            for (String name : raw.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
                }
            }
        }
    }
}

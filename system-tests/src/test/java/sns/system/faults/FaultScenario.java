package sns.system.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the fault suite on a running system: a workload of its own users, nemesis episodes,
 * then the checker; the result goes into the summary table, and the history is written next to
 * the nodes' logs. Runs share a system (starting five JVMs is most of a run's time); each run's
 * users, auditor and history are its own, and each run begins with every node running.
 */
final class FaultScenario {

    static final int CLIENTS = 8;
    /** Each client's pace in the single-nemesis runs: a few hundred operations around a fault, not thousands. */
    static final Duration PACE = Duration.ofMillis(200);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private FaultScenario() {}

    /** One nemesis once, with a few hundred operations around it. */
    static CheckedRun runOnce(FaultCluster cluster, Nemesis nemesis) {
        skipWithoutPartitions(nemesis);
        cluster.startWhatIsDown();
        return run(cluster, nemesis.name(), new Random().nextLong(), 10_000, Duration.ofMinutes(10), PACE,
                (workload, network, faults) -> {
                    workload.awaitMoreOk(60);
                    episode(nemesis, cluster, workload, network, faults);
                    workload.awaitMoreOk(60);
                });
    }

    /** Random episodes, from a seed, until the workload has spent its budget of operations. */
    static CheckedRun soak(long seed, int operations, Duration maxTime) {
        System.out.println("soak seed " + seed + " (replay: -Dsns.soak.seed=" + seed + "), " + operations + " operations");
        Random schedule = new Random(seed);
        List<Nemesis> usable = Nemeses.ALL.stream()
                .filter(n -> !n.needsPartitions() || Partitions.unavailableReason() == null).toList();
        try (FaultCluster cluster = new FaultCluster("soak")) {
            return run(cluster, "soak seed " + seed, seed, operations, maxTime, Duration.ZERO, (workload, network, faults) -> {
                // the last episode must not starve for operations: leave it a margin of the budget
                while (workload.busy() && workload.operations() < operations - 1_000) {
                    workload.awaitMoreOkOrDone(200);
                    Nemesis next = usable.get(schedule.nextInt(usable.size()));
                    System.out.println("soak: " + next.name() + " after " + workload.operations() + " operations");
                    episode(next, cluster, workload, network, faults);
                }
                workload.awaitDone(maxTime);
            });
        }
    }

    private interface Plan {
        void run(Workload workload, Partitions network, List<FaultPeriod> faults);
    }

    private static void episode(Nemesis nemesis, FaultCluster cluster, Workload workload, Partitions network,
                                List<FaultPeriod> faults) {
        long start = System.currentTimeMillis();
        nemesis.episode().run(cluster, workload, network);
        faults.add(new FaultPeriod(start, System.currentTimeMillis()));
    }

    private static CheckedRun run(FaultCluster cluster, String name, long seed, int operations, Duration maxTime,
                            Duration pace, Plan plan) {
        History history = new History();
        List<FaultPeriod> faults = new ArrayList<>();
        Path runDir = cluster.system().workDir().resolve(slug(name));
        try (Partitions network = new Partitions();
             EpochWatcher watcher = new EpochWatcher(cluster.system().channel(cluster.coordinator().address()),
                     FaultCluster.CLUSTERS);
             Workload workload = new Workload(cluster.system(), FaultCluster.CLUSTERS, CLIENTS, history, seed,
                     "r" + RUNS.incrementAndGet() + "_")) {
            try {
                workload.setUp();
                workload.start(operations, maxTime, pace);
                plan.run(workload, network, faults);
                workload.stop();
                FinalReads reads = new FinalReads(cluster.system(), cluster.servers());
                long convergence = reads.awaitEqualDigests();
                Verdict verdict = Checker.check(history.ops(), watcher.grants(),
                        reads.read(workload.tokens(), workload.auditorToken()), faults);
                FaultTable.add(name, verdict, convergence);
                // the finally block below writes the history file before the caller sees this
                return new CheckedRun(name, verdict, runDir.resolve("history.txt"), cluster.system().workDir());
            } finally {
                history.writeTo(runDir.resolve("history.txt"));
                writeGrants(runDir.resolve("epochs.txt"), watcher.grants());
            }
        }
    }

    private static void skipWithoutPartitions(Nemesis nemesis) {
        String reason = Partitions.unavailableReason();
        assumeTrue(!nemesis.needsPartitions() || reason == null, () -> nemesis.name() + " skipped: " + reason);
    }

    private static void writeGrants(Path file, List<EpochGrant> grants) {
        try {
            Files.write(file, grants.stream().map(EpochGrant::toString).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}

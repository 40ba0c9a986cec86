package sns.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.ReadNodeRequest;
import sns.bench.FailoverWriter.Ack;

/**
 * Failover under load on a system started by ./sns up (2 clusters x 2 servers). Writers of both
 * clusters post without pause ({@link FailoverWriter}). First a quiet phase counts false failovers
 * (epoch changes without a fault); then rounds of kill -9 and of SIGTERM of cluster 1's master,
 * each measured from the signal: when GetServer names the new master, when the first write is
 * acknowledged by it (a probe client pinned to cluster 1 writes without pause and re-asks the
 * coordinator every 2 ms; ordinary clients are sent to cluster 2 meanwhile and stay there), and
 * the longest gap between two acknowledgements any ordinary client saw. The
 * stopped node is started again (./sns start) and must rejoin the in-sync set before the next
 * round. Last, kill -9 and restart of the coordinator: the longest write gap, and how long after
 * the restarted coordinator is ready writes flow again. Prints Markdown.
 *
 * <p>Usage: {@code FailoverBench <path to sns> [rounds=10] [coordinatorRounds=3] [writersPerCluster=2]
 * [quietSeconds=60]}; SNS_HOME and the port variables as for ./sns.
 */
public final class FailoverBench {

    private static final long CLIENT_OF_CLUSTER_1 = 2; // id mod 2 + 1 = 1 with the launcher's two clusters
    private static final long ROUND_LIMIT = TimeUnit.SECONDS.toNanos(60);

    private final String launcher;
    private final Path home;
    private final ManagedChannel channel = ManagedChannelBuilder
            .forTarget("localhost:" + env("SNS_COORDINATOR_GRPC_PORT", 9000)).usePlaintext().build();
    private final List<FailoverWriter> writers = new ArrayList<>();
    private FailoverWriter probe;

    private FailoverBench(String launcher) {
        this.launcher = launcher;
        String snsHome = System.getenv("SNS_HOME");
        this.home = snsHome != null ? Path.of(snsHome) : Path.of(launcher).toAbsolutePath().getParent().resolve(".sns");
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int coordinatorRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int writersPerCluster = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int quietSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        FailoverBench bench = new FailoverBench(args[0]);
        bench.startLoad(writersPerCluster);
        bench.quietPhase(quietSeconds);
        for (Fault fault : Fault.values()) {
            bench.masterRounds(fault, rounds);
        }
        bench.coordinatorRounds(coordinatorRounds);
        bench.writers.forEach(FailoverWriter::stop);
        bench.writers.forEach(FailoverWriter::close);
        bench.probe.stop();
        bench.probe.close();
        bench.channel.shutdownNow();
        System.exit(0);
    }

    private enum Fault {
        KILL("kill -9"), TERM("SIGTERM (graceful hand-over)");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    private void startLoad(int perCluster) {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int cluster = 1; cluster <= 2; cluster++) {
            for (int w = 0; w < perCluster; w++) {
                long clientId = 2L * (w + 1) + (cluster - 1);
                FailoverWriter writer = new FailoverWriter(channel, clientId, "fo" + run + "c" + cluster + "w" + w)
                        .signUp();
                writers.add(writer);
                Thread thread = new Thread(writer, "writer-c" + cluster + "-" + w);
                thread.setDaemon(true);
                thread.start();
            }
        }
        probe = new FailoverWriter(channel, 2L * (perCluster + 1), "fo" + run + "probe", 1).signUp();
        Thread thread = new Thread(probe, "probe-c1");
        thread.setDaemon(true);
        thread.start();
        long since = System.nanoTime();
        awaitCondition("every writer acknowledged", () -> writers.stream().allMatch(w -> ackedAfter(w, since)));
    }

    private void quietPhase(int seconds) throws InterruptedException {
        String before = epochs();
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds); // a fixed measuring window, not a wait for a condition
        String after = epochs();
        long acks = writers.stream().flatMap(w -> w.acks().stream()).filter(a -> a.nanos() > start).count();
        System.out.printf(Locale.ROOT, "## Failover%n%nQuiet load, %d s, %d writers: %d posts acknowledged (%d/s); "
                        + "epochs of clusters 1, 2 before %s, after %s: %s%n%n", seconds, writers.size(), acks,
                acks / Math.max(1, seconds), before, after,
                before.equals(after) ? "no false failover" : "FALSE FAILOVER");
    }

    private void masterRounds(Fault fault, int rounds) throws Exception {
        Distribution named = new Distribution();
        Distribution firstWrite = new Distribution();
        Distribution gap = new Distribution();
        Distribution restarted = new Distribution();
        for (int round = 1; round <= rounds; round++) {
            String master = clusterOneMaster();
            String node = nodeOf(master);
            awaitCondition("cluster 1 has an in-sync slave", () -> !inSync().isBlank());
            Signalled signalled = signal(node, fault == Fault.KILL);
            long namedAt = awaitNewMaster(master);
            String successor = getServer().getAddress();
            // Not any other server: while cluster 1 has no master GetServer sends its clients to cluster 2.
            awaitCondition("a write acknowledged by the new master", () -> firstAckBy(signalled.at(), successor) > 0);
            named.add(namedAt - signalled.at());
            firstWrite.add(firstAckBy(signalled.at(), successor) - signalled.at());
            long recovered = System.nanoTime();
            awaitCondition("every writer acknowledged again", () -> writers.stream().allMatch(w -> ackedAfter(w, recovered)));
            gap.add(longestGap(signalled.at(), System.nanoTime()));
            signalled.awaitExit();
            long starting = System.nanoTime();
            run("start", node);
            restarted.add(System.nanoTime() - starting);
        }
        System.out.printf(Locale.ROOT, "### %s of cluster 1's master, %d rounds%n%n%s%n%s%n%s%n%s%n%s%n%n", fault.label,
                rounds, Distribution.header(), named.row("GetServer names the new master"),
                firstWrite.row("first write acknowledged by it"), gap.row("longest gap any client saw"),
                restarted.row("old master ready again as a slave (./sns start, JVM start included)"));
    }

    private void coordinatorRounds(int rounds) throws Exception {
        Distribution gap = new Distribution();
        Distribution afterReady = new Distribution();
        Distribution restart = new Distribution();
        for (int round = 1; round <= rounds; round++) {
            Signalled killed = signal("coordinator", true);
            long signalled = killed.at();
            killed.awaitExit();
            run("start", "coordinator");
            long ready = System.nanoTime();
            awaitCondition("every writer acknowledged again", () -> writers.stream().allMatch(w -> ackedAfter(w, ready)));
            long lastToResume = writers.stream().mapToLong(w -> firstAckAfter(w, ready)).max().orElse(ready);
            restart.add(ready - signalled);
            afterReady.add(lastToResume - ready);
            gap.add(longestGap(signalled, System.nanoTime()));
        }
        System.out.printf(Locale.ROOT, "### kill -9 and restart (./sns start) of the coordinator, %d rounds%n%n%s%n%s%n%s%n%s%n%n",
                rounds, Distribution.header(), restart.row("coordinator ready again (JVM start included)"),
                afterReady.row("every client writing again after it is ready"),
                gap.row("longest gap any client saw"));
    }

    /**
     * Sends the signal straight to the node's process (its pid file), so the clock starts at the
     * signal, and does not wait for the exit: the JDK polls a process that is not its child with
     * sleeps of 300, 330, 360 ... ms, which would delay (and quantise) every measurement after it.
     */
    private Signalled signal(String node, boolean kill) throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("run").resolve(node + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(node + " is not running"));
        long signalled = System.nanoTime();
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        return new Signalled(signalled, process);
    }

    /** A signalled process and when it was signalled. */
    private record Signalled(long at, ProcessHandle process) {

        /** Before the node is started again (./sns start refuses while the old pid lives). */
        void awaitExit() throws Exception {
            process.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    private long awaitNewMaster(String old) {
        long[] at = new long[1];
        awaitCondition("GetServer names a new master of cluster 1", () -> {
            try {
                var server = getServer();
                if (server.getClusterId() == 1 && !server.getAddress().equals(old)) {
                    at[0] = System.nanoTime();
                    return true;
                }
            } catch (StatusRuntimeException e) {
                // no ready master anywhere yet
            }
            return false;
        });
        return at[0];
    }

    /** The probe's first acknowledgement after {@code after} by {@code server} (0 if none yet). */
    private long firstAckBy(long after, String server) {
        return probe.acks().stream()
                .filter(a -> a.nanos() > after && a.server().equals(server))
                .mapToLong(Ack::nanos).min().orElse(0);
    }

    /** The longest time any one writer went without an acknowledgement across the window. */
    private long longestGap(long from, long to) {
        long longest = 0;
        for (FailoverWriter writer : writers) {
            List<Long> times = writer.acks().stream().map(Ack::nanos).sorted().toList();
            long previous = times.stream().filter(t -> t <= from).reduce((a, b) -> b).orElse(from);
            for (long t : times) {
                if (t > from && t <= to) {
                    longest = Math.max(longest, t - previous);
                    previous = t;
                }
            }
        }
        return longest;
    }

    private static boolean ackedAfter(FailoverWriter writer, long since) {
        return firstAckAfter(writer, since) > 0;
    }

    private static long firstAckAfter(FailoverWriter writer, long since) {
        return writer.acks().stream().mapToLong(Ack::nanos).filter(t -> t > since).min().orElse(0);
    }

    private String clusterOneMaster() {
        awaitCondition("cluster 1 has a master", () -> {
            try {
                return getServer().getClusterId() == 1;
            } catch (StatusRuntimeException e) {
                return false;
            }
        });
        return getServer().getAddress();
    }

    private sns.api.v1.ClusterMaster getServer() {
        return coordinator().withDeadlineAfter(1, TimeUnit.SECONDS)
                .getServer(GetServerRequest.newBuilder().setClientId(CLIENT_OF_CLUSTER_1).build()).getServer();
    }

    private String inSync() {
        try {
            String data = coordinator().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .readNode(ReadNodeRequest.newBuilder().setPath("/clusters/1/in-sync").build()).getData();
            return data.replaceFirst("^.*servers=", "").trim();
        } catch (StatusRuntimeException e) {
            return "";
        }
    }

    private String epochs() {
        return String.join(",", Stream.of(1, 2).map(c -> coordinator().withDeadlineAfter(1, TimeUnit.SECONDS)
                .readNode(ReadNodeRequest.newBuilder().setPath("/clusters/" + c + "/epoch").build()).getData()).toList());
    }

    private CoordinatorGrpc.CoordinatorBlockingStub coordinator() {
        return CoordinatorGrpc.newBlockingStub(channel);
    }

    /** Polls every 2 ms (the figures above are read from the writers' own timestamps, not from this). */
    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + ROUND_LIMIT;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** The launcher's node name for an address (gRPC port 10000 + 10(c-1) + (s-1)). */
    private static String nodeOf(String address) {
        int offset = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))
                - env("SNS_SERVER_GRPC_PORT_BASE", 10000);
        return "c" + (offset / 10 + 1) + "-s" + (offset % 10 + 1);
    }

    /** A port the launcher takes from the environment (the same variables as ./sns). */
    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private void run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}

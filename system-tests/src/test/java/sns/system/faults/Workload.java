package sns.system.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import sns.system.SnsSystem;

/**
 * K concurrent clients through the coordinator, spread over the clusters: each registers its user,
 * then posts (unique texts), follows and unfollows the others at random until stopped or out of
 * budget. An auditor user, outside the history, follows every workload user before any post, so
 * its timeline holds every post the checker must find.
 */
final class Workload implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(120);

    private final History history;
    private final List<WorkloadClient> clients = new ArrayList<>();
    private final WorkloadClient auditor;
    private final long seed;
    private final String prefix;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** Users are named {@code <prefix>w<k>}: runs on one long-lived system keep apart. */
    Workload(SnsSystem sns, int clusters, int size, History history, long seed, String prefix) {
        this.history = history;
        this.seed = seed;
        this.prefix = prefix;
        for (int i = 0; i < size; i++) {
            clients.add(new WorkloadClient(i, username(i), sns, history).homedIn(i % clusters + 1));
        }
        auditor = new WorkloadClient(-1, prefix + "auditor", sns, new History()).homedIn(1);
    }

    String username(int client) {
        return prefix + "w" + client;
    }

    /** Registers and logs in every user (retrying what the system could not take yet), the auditor follows them all. */
    void setUp() {
        List<WorkloadClient> everyone = new ArrayList<>(clients);
        everyone.add(auditor);
        // a definite failure after an unknown outcome means the first try took effect (name taken, already following)
        everyone.parallelStream().forEach(client -> await().atMost(PATIENCE).until(() ->
                client.register().outcome() != Op.Outcome.UNKNOWN && client.login()));
        for (WorkloadClient client : clients) {
            await().atMost(PATIENCE).until(() -> auditor.follow(client.username()).outcome() != Op.Outcome.UNKNOWN);
        }
    }

    /**
     * Starts every client's loop; each stops after its share of maxOps or at the deadline, and
     * sends at most one operation per {@code pace} (zero: as fast as it is answered).
     */
    void start(int maxOps, Duration maxTime, Duration pace) {
        running.set(true);
        long deadline = System.nanoTime() + maxTime.toNanos();
        for (WorkloadClient client : clients) {
            int index = clients.indexOf(client);
            Random random = new Random(seed + index);
            Thread thread = new Thread(() -> {
                long next = System.nanoTime();
                for (int n = 0; n < maxOps / clients.size() && running.get() && System.nanoTime() < deadline; n++) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next = Math.max(next, System.nanoTime() - pace.toNanos()) + pace.toNanos();
                    step(client, index, n, random);
                }
            }, "workload-" + index);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void step(WorkloadClient client, int index, int n, Random random) {
        int choice = random.nextInt(10);
        String other = username((index + 1 + random.nextInt(clients.size() - 1)) % clients.size());
        if (choice < 6) {
            client.post("c" + index + "-" + n);
        } else if (choice < 8) {
            client.follow(other);
        } else {
            client.unfollow(other);
        }
    }

    /** Waits until the clients have had {@code more} more acknowledged operations than now. */
    void awaitMoreOk(int more) {
        long target = history.okCount() + more;
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> history.okCount() >= target);
    }

    /** Waits until a server of the cluster has acknowledged an operation sent after the given time. */
    void awaitOkFrom(int cluster, long sinceMillis) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> history.ops().stream()
                .anyMatch(op -> op.ok() && op.cluster() == cluster && op.invokeMillis() >= sinceMillis));
    }

    /** Like {@link #awaitMoreOk} but also returns when the clients have spent their budget. */
    void awaitMoreOkOrDone(int more) {
        long target = history.okCount() + more;
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> history.okCount() >= target || !busy());
    }

    /** Waits until every client has spent its budget. */
    void awaitDone(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> !busy());
    }

    /** Whether any client is still working through its budget. */
    boolean busy() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    int operations() {
        return history.size();
    }

    void stop() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(PATIENCE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every workload user's token (they are valid on every server: one token secret), and the auditor's. */
    Map<String, String> tokens() {
        return clients.stream().collect(Collectors.toMap(WorkloadClient::username, WorkloadClient::token));
    }

    String auditorToken() {
        return auditor.token();
    }

    @Override
    public void close() {
        stop();
    }
}

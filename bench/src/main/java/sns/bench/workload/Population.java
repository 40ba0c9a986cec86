package sns.bench.workload;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import sns.api.v1.FollowRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;

/**
 * Sets the workload up before anything is measured: signs U users up on their home clusters
 * (user i on cluster i mod N + 1; BCrypt makes this the slow part), waits until every master
 * lists every user (cross-cluster replication is eventual), then creates the follow graph.
 * Set-up failures are counted by status and reported, not hidden.
 */
public final class Population {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = "bench-password";

    private final Masters masters;
    private final Map<String, Long> errors = new TreeMap<>();

    public Population(Masters masters) {
        this.masters = masters;
    }

    public List<BenchUser> signUp(int users, String prefix, int parallelism) throws InterruptedException {
        List<Callable<BenchUser>> tasks = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            int index = i;
            int cluster = i % masters.clusters() + 1;
            String name = prefix + i;
            tasks.add(() -> {
                var stub = SocialGrpc.newBlockingStub(masters.channel(cluster, index));
                RegisterRequest register = RegisterRequest.newBuilder().setUsername(name).setPassword(PASSWORD)
                        .setIdempotencyKey(key()).build();
                Retry.unavailable(() -> stub.register(register));
                String token = Retry.unavailable(() -> stub.login(LoginRequest.newBuilder().setUsername(name)
                        .setPassword(PASSWORD).build())).getToken();
                return BenchUser.of(index, name, cluster, token, masters);
            });
        }
        return runAll(tasks, parallelism).stream().filter(Objects::nonNull).toList();
    }

    /** Waits until each cluster's master lists at least {@code users} users; false if it timed out. */
    public boolean awaitEveryoneEverywhere(List<BenchUser> users, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int cluster = 1; cluster <= masters.clusters(); cluster++) {
            int home = cluster;
            BenchUser reader = users.stream().filter(u -> u.cluster() == home).findFirst().orElseThrow();
            while (reader.blocking().list(ListRequest.getDefaultInstance()).getAllUsersCount() < users.size()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(200);
            }
        }
        return true;
    }

    public long follow(List<BenchUser> users, FollowGraph graph, int parallelism) throws InterruptedException {
        Map<Integer, BenchUser> byIndex = new TreeMap<>();
        users.forEach(user -> byIndex.put(user.index(), user));
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (BenchUser user : users) {
            for (int followee : graph.followees(user.index())) {
                if (!byIndex.containsKey(followee)) {
                    continue; // its sign-up failed (counted)
                }
                FollowRequest request = FollowRequest.newBuilder().setUsername(byIndex.get(followee).name())
                        .setIdempotencyKey(key()).build();
                tasks.add(() -> Retry.unavailable(() -> user.blocking().follow(request)) != null);
            }
        }
        return runAll(tasks, parallelism).stream().filter(Objects::nonNull).count();
    }

    /** Set-up calls that failed, by gRPC status. */
    public synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    private <T> List<T> runAll(List<Callable<T>> tasks, int parallelism) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    countError(e.getCause());
                    results.add(null);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private synchronized void countError(Throwable failure) {
        String code = failure instanceof StatusRuntimeException sre ? sre.getStatus().getCode().name()
                : Status.fromThrowable(failure).getCode().name();
        errors.merge(code, 1L, Long::sum);
    }

    public static ByteString key() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return ByteString.copyFrom(key);
    }
}

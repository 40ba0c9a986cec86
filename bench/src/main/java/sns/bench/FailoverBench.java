package sns.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.SocialGrpc;

/**
 * Failover time on a system started by ./sns up: kill -9 the master of cluster 1 (./sns kill), then
 * measure until GetServer names the new master and until a post is acknowledged again; restart
 * the killed node (./sns up) and repeat. Prints Markdown rows.
 *
 * <p>Usage: {@code java -cp bench-exec.jar ... sns.bench.FailoverBench <path to sns> [rounds=3]}
 */
public final class FailoverBench {

    public static void main(String[] args) throws Exception {
        String launcher = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ManagedChannel coordinator = ManagedChannelBuilder.forTarget("localhost:9000").usePlaintext().build();
        var directory = CoordinatorGrpc.newBlockingStub(coordinator);
        long clientOfCluster1 = 2; // id mod 2 + 1 = 1 with the launcher's two clusters

        String user = "failover" + (System.currentTimeMillis() % 100_000);
        String master = directory.getServer(GetServerRequest.newBuilder().setClientId(clientOfCluster1).build())
                .getServer().getAddress();
        ManagedChannel first = ManagedChannelBuilder.forTarget(master).usePlaintext().build();
        SocialGrpc.newBlockingStub(first).register(RegisterRequest.newBuilder().setUsername(user)
                .setPassword("pw").setIdempotencyKey(Bench.key()).build());
        String token = SocialGrpc.newBlockingStub(first).login(LoginRequest.newBuilder().setUsername(user)
                .setPassword("pw").build()).getToken();

        System.out.printf(Locale.ROOT, "| round | killed | new master | GetServer names it after | writes acknowledged again after |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
        for (int round = 1; round <= rounds; round++) {
            master = directory.getServer(GetServerRequest.newBuilder().setClientId(clientOfCluster1).build())
                    .getServer().getAddress();
            String node = nodeOf(master);
            // Measured from just before the kill (bash start-up included): ./sns kill returns only after
            // the process has been reaped, which can be much later than the signal.
            long killed = System.nanoTime();
            run(launcher, "kill", node);
            long switched = 0;
            long writable = 0;
            String newMaster = "?";
            while (writable == 0 && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(60)) {
                try {
                    var server = CoordinatorGrpc.newBlockingStub(coordinator).withDeadlineAfter(1, TimeUnit.SECONDS)
                            .getServer(GetServerRequest.newBuilder().setClientId(clientOfCluster1).build())
                            .getServer();
                    newMaster = server.getAddress();
                    if (newMaster.equals(master) || server.getClusterId() != 1) {
                        continue;
                    }
                    if (switched == 0) {
                        switched = System.nanoTime();
                    }
                    ManagedChannel channel = ManagedChannelBuilder.forTarget(newMaster).usePlaintext().build();
                    try {
                        SocialGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(Bench.bearer(token)))
                                .post(PostRequest.newBuilder().setText("after failover " + round)
                                        .setIdempotencyKey(Bench.key()).build());
                        writable = System.nanoTime();
                    } finally {
                        channel.shutdownNow();
                    }
                } catch (StatusRuntimeException e) {
                    // not yet: the coordinator has no ready master or the new one has no lease yet
                }
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %d ms | %d ms |%n", round, node, nodeOf(newMaster),
                    (switched - killed) / 1_000_000, (writable - killed) / 1_000_000);
            run(launcher, "up");
        }
        coordinator.shutdownNow();
        first.shutdownNow();
        System.exit(0);
    }

    /** The launcher's node name for an address (gRPC port 10000 + 10(c-1) + (s-1)). */
    private static String nodeOf(String address) {
        int offset = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)) - 10000;
        return "c" + (offset / 10 + 1) + "-s" + (offset % 10 + 1);
    }

    private static void run(String launcher, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = launcher;
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }


}

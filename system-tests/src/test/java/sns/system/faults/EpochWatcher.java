package sns.system.faults;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.ReadNodeRequest;
import sns.api.v1.ReadNodeResponse;

/**
 * Watches the coordinator's {@code /clusters/{c}/master} nodes and records every epoch granted, with
 * the lock node's creation time. A grant the watcher misses (say, one quickly superseded) only makes
 * the stale-acknowledgement check weaker, never wrong.
 */
final class EpochWatcher implements AutoCloseable {

    private static final Pattern MASTER = Pattern.compile("server=(\\d+) .*epoch=(\\d+)");

    private final CoordinatorGrpc.CoordinatorBlockingStub coordinator;
    private final int clusters;
    private final List<EpochGrant> grants = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "epoch-watcher");
        thread.setDaemon(true);
        return thread;
    });

    EpochWatcher(ManagedChannel coordinatorChannel, int clusters) {
        this.coordinator = CoordinatorGrpc.newBlockingStub(coordinatorChannel);
        this.clusters = clusters;
        poller.scheduleWithFixedDelay(this::poll, 0, 50, TimeUnit.MILLISECONDS);
    }

    List<EpochGrant> grants() {
        return List.copyOf(grants);
    }

    private void poll() {
        for (int cluster = 1; cluster <= clusters; cluster++) {
            try {
                ReadNodeResponse node = coordinator.withDeadlineAfter(1, TimeUnit.SECONDS)
                        .readNode(ReadNodeRequest.newBuilder().setPath("/clusters/" + cluster + "/master").build());
                Matcher matcher = MASTER.matcher(node.getData());
                if (matcher.find() && seen.add(cluster + "/" + matcher.group(2))) {
                    grants.add(new EpochGrant(cluster, Long.parseLong(matcher.group(2)),
                            Integer.parseInt(matcher.group(1)), node.getStat().getCreatedAtMillis()));
                }
            } catch (StatusRuntimeException e) {
                // no master right now, or the coordinator is down (a nemesis): nothing granted to see
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}

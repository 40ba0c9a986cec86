package sns.timeline.role;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What a write must wait for besides its own commit: the in-sync replicas (DESIGN §5.3). */
public interface ReplicationBarrier {

    /** Refuses writes when too few replicas are confirmed in sync. */
    void requireEnoughReplicas();

    /**
     * Completes once every required replica has this server's event {@code seq} durably; fails
     * (with "unknown outcome") when they do not within {@code limit}. No thread waits meanwhile.
     */
    CompletableFuture<Void> replicated(long seq, Duration limit);
}

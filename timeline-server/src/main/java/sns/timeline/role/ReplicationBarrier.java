package sns.timeline.role;

import java.time.Duration;

/** What a write must wait for besides its own commit: the in-sync replicas (DESIGN §5.3). */
public interface ReplicationBarrier {

    /** Refuses writes when too few replicas are confirmed in sync. */
    void requireEnoughReplicas();

    /** Returns once every required replica has this server's event {@code seq} durably. */
    void awaitReplicated(long seq, Duration limit);
}

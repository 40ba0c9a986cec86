package sns.timeline.replication;

import static sns.timeline.social.SocialException.Kind.NOT_MASTER;
import static sns.timeline.social.SocialException.Kind.UNKNOWN_OUTCOME;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Topology;
import sns.timeline.role.ReplicationBarrier;
import sns.timeline.social.SocialException;

/**
 * A master's in-sync set (DESIGN §5.3). A slave joins the proposed set when an acknowledgement
 * shows it has everything this master had when the slave's previous acknowledgement arrived (every
 * origin, so also what earlier masters of the cluster acknowledged); the coordinator confirms the
 * set in its heartbeat answers. A
 * client write is acknowledged only when every member of the proposed or confirmed set has it
 * durably. A member that misses the ack deadline leaves the proposed set, and the write waits
 * until a heartbeat answer confirms the removal, so a slave the coordinator may promote never
 * lacks an acknowledged write.
 */
public final class InSyncTracker implements ReplicationBarrier {

    private static final Logger log = LoggerFactory.getLogger(InSyncTracker.class);

    private final String localUid;
    private final Supplier<Map<String, Long>> committed;
    private final LongSupplier nanoTime;
    private final BooleanSupplier leaseValid;
    private final Duration ackTimeout;
    private final int minInSync;
    private final Map<Integer, Long> ackedLocalSeq = new HashMap<>();
    private final Map<Integer, Map<String, Long>> committedAtPreviousAck = new HashMap<>();
    private final Set<Integer> connected = new HashSet<>();
    private final Set<Integer> proposed = new TreeSet<>();
    private final Set<Integer> confirmed = new TreeSet<>();

    public InSyncTracker(String localUid, Supplier<Map<String, Long>> committed, LongSupplier nanoTime,
                         BooleanSupplier leaseValid, Duration ackTimeout, int minInSync) {
        this.localUid = localUid;
        this.committed = committed;
        this.nanoTime = nanoTime;
        this.leaseValid = leaseValid;
        this.ackTimeout = ackTimeout;
        this.minInSync = minInSync;
    }

    /** A slave of this cluster acknowledged durable progress. */
    public synchronized void acked(int serverId, Map<String, Long> applied) {
        connected.add(serverId);
        ackedLocalSeq.merge(serverId, applied.getOrDefault(localUid, 0L), Math::max);
        Map<String, Long> now = committed.get();
        Map<String, Long> before = committedAtPreviousAck.put(serverId, now);
        if (!proposed.contains(serverId) && before != null && VersionVectors.covers(applied, before)) {
            proposed.add(serverId);
            log.info("Slave {} caught up; proposing it for the in-sync set {}", serverId, proposed);
        }
        notifyAll();
    }

    /** A slave's subscription ended: it leaves the proposed set at once. */
    public synchronized void disconnected(int serverId) {
        connected.remove(serverId);
        committedAtPreviousAck.remove(serverId);
        if (proposed.remove(serverId)) {
            log.info("Slave {} disconnected; proposing in-sync set {}", serverId, proposed);
        }
        notifyAll();
    }

    /** What the next heartbeat reports. */
    public synchronized Set<Integer> proposed() {
        return Set.copyOf(proposed);
    }

    /** Every heartbeat answer: the set the coordinator has recorded (and may promote from). */
    public synchronized void confirmed(Topology topology) {
        confirmed.clear();
        topology.getMembersList().stream().filter(m -> m.getInSync()).forEach(m -> confirmed.add(m.getServerId()));
        notifyAll();
    }

    public synchronized int confirmedSize() {
        return confirmed.size();
    }

    /** How many local events the slowest connected slave has not acknowledged. */
    public synchronized long maxSlaveLag() {
        long local = committed.get().getOrDefault(localUid, 0L);
        return connected.stream().mapToLong(id -> local - ackedLocalSeq.getOrDefault(id, 0L)).max().orElse(0);
    }

    /** A new term as master starts with nobody in sync. */
    public synchronized void reset() {
        proposed.clear();
        confirmed.clear();
        ackedLocalSeq.clear();
        committedAtPreviousAck.clear();
        notifyAll();
    }

    /** Refuses writes while the confirmed set is smaller than sns.replication.min-in-sync. */
    @Override
    public synchronized void requireEnoughReplicas() {
        if (confirmed.size() < minInSync) {
            throw new SocialException(NOT_MASTER, "not-master: only " + confirmed.size()
                    + " in-sync replicas, " + minInSync + " needed to accept writes");
        }
    }

    /** Blocks until every required member has the local event {@code seq} durably. */
    @Override
    public synchronized void awaitReplicated(long seq, Duration limit) {
        long start = nanoTime.getAsLong();
        long ackDeadline = start + ackTimeout.toNanos();
        long giveUp = start + limit.toNanos();
        while (true) {
            Set<Integer> missing = missing(seq);
            if (missing.isEmpty()) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (!leaseValid.getAsBoolean() || now - giveUp >= 0) {
                throw new SocialException(UNKNOWN_OUTCOME, "the write is stored but in-sync replicas "
                        + missing + " did not confirm it in time; retry with the same idempotency key");
            }
            if (now - ackDeadline >= 0 && proposed.removeAll(missing)) {
                log.info("In-sync slaves {} missed the ack deadline; proposing in-sync set {}", missing, proposed);
            }
            waitNanos(Math.min(giveUp - now, ackTimeout.toNanos()));
        }
    }

    private Set<Integer> missing(long seq) {
        Set<Integer> required = new TreeSet<>(proposed);
        required.addAll(confirmed);
        required.removeIf(id -> ackedLocalSeq.getOrDefault(id, 0L) >= seq);
        return required;
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocialException(UNKNOWN_OUTCOME, "interrupted while waiting for in-sync replicas");
        }
    }
}

package sns.timeline.replication;

import static sns.timeline.social.SocialException.Kind.NOT_MASTER;
import static sns.timeline.social.SocialException.Kind.UNKNOWN_OUTCOME;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Member;
import sns.api.v1.Topology;
import sns.timeline.role.ReplicationBarrier;
import sns.timeline.role.RoleSnapshot;
import sns.timeline.role.ServerRole;
import sns.timeline.social.SocialException;

/**
 * A master's in-sync set (DESIGN §5.3), and the one place that argues why a server the
 * coordinator may promote never lacks an acknowledged write.
 *
 * <p><b>Members are data, not slots.</b> A member is a slave's server uid (the uid of its store),
 * never its server id: a slave restarted empty at the same id is a new member that has to join
 * again. The master reports the uids it proposes in every heartbeat; the coordinator records them
 * as the cluster's confirmed set and answers with it ({@code Member.in_sync}); the coordinator may
 * promote only the last master's data or a member of that recorded set.
 *
 * <p><b>The invariant</b>: every member of the coordinator's recorded set holds, durably, every
 * write this master has acknowledged, and every write any earlier master of the cluster
 * acknowledged. It holds because of four rules, all applied under this object's monitor:
 * <ol>
 * <li><b>Join.</b> A slave is proposed only when an acknowledgement (sent after a synced write)
 *     covers the acknowledged high-water mark: per origin, the highest seq that may have been
 *     acknowledged. It starts each master term as everything this server has committed (an
 *     eligible server holds what its predecessors acknowledged) and rises with every write
 *     released below. A write not yet released when the slave joins must wait for it too.</li>
 * <li><b>Acknowledge.</b> A write is released only when every member of the proposed set and of
 *     the coordinator's confirmed set has it durably, at least {@code min-in-sync} confirmed
 *     members have it, the lease is valid and the master term has not changed; otherwise the
 *     answer is "unknown outcome" and the client retries with the same key.</li>
 * <li><b>Leave.</b> A member that misses the ack deadline (or disconnects) leaves the proposed
 *     set at once, but stays required until a heartbeat answer shows that the coordinator has
 *     recorded the smaller set. So the recorded set never lacks a released write. The
 *     coordinator ignores a heartbeat overtaken by a newer one, so an old report cannot undo a
 *     confirmed removal.</li>
 * <li><b>New term.</b> Every master term starts empty: nothing proposed, nothing confirmed.</li>
 * </ol>
 *
 * <p><b>After a coordinator restart</b> the recorded set is gone; the coordinator rebuilds it from
 * what servers persisted ({@code HeartbeatLoop}): a slave remembers the epoch at which a
 * {@code ROLE_SLAVE} answer last listed it as in sync, and forgets it when a later
 * {@code ROLE_SLAVE} answer at that epoch does not list it; a master forgets its lock when told it
 * is a slave at its epoch. The one window left: a slave cut off from the coordinator while its
 * removal was confirmed, whose master then dies and whose coordinator then restarts, still claims
 * to be in sync; closing it needs state that survives the coordinator.
 */
public final class InSyncTracker implements ReplicationBarrier {

    private static final Logger log = LoggerFactory.getLogger(InSyncTracker.class);
    private static final String TERM_ENDED = "the write is stored but this server's master term ended before its "
            + "in-sync replicas confirmed it; retry with the same idempotency key";

    private final String localUid;
    private final Supplier<Map<String, Long>> committed;
    private final LongSupplier nanoTime;
    private final BooleanSupplier leaseValid;
    private final Duration ackTimeout;
    private final int minInSync;
    private final Map<String, Map<String, Long>> applied = new HashMap<>();
    private final Set<String> connected = new HashSet<>();
    private final Set<String> proposed = new TreeSet<>();
    private final Set<String> confirmed = new TreeSet<>();
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final NavigableMap<Long, Waiting> waiting = new TreeMap<>();
    private long term;

    public InSyncTracker(String localUid, Supplier<Map<String, Long>> committed, LongSupplier nanoTime,
                         BooleanSupplier leaseValid, Duration ackTimeout, int minInSync) {
        this.localUid = localUid;
        this.committed = committed;
        this.nanoTime = nanoTime;
        this.leaseValid = leaseValid;
        this.ackTimeout = ackTimeout;
        this.minInSync = minInSync;
    }

    /** A slave of this cluster (by the uid of its data) acknowledged durable progress. */
    public void acked(String slaveUid, Map<String, Long> durable) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            connected.add(slaveUid);
            applied.put(slaveUid, Map.copyOf(durable));
            proposeIfCaughtUp(slaveUid);
            releaseReady(completions);
        }
        completions.forEach(Runnable::run);
    }

    /** Rule 1: only a connected slave that holds every acknowledged write, during a master term. */
    private void proposeIfCaughtUp(String slaveUid) {
        if (term > 0 && !proposed.contains(slaveUid)
                && VersionVectors.covers(applied.getOrDefault(slaveUid, Map.of()), acknowledged)) {
            proposed.add(slaveUid);
            log.info("Slave {} holds every acknowledged write; proposing in-sync set {}", slaveUid, proposed);
        }
    }

    /** A slave's subscription ended: it leaves the proposed set at once. */
    public void disconnected(String slaveUid) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            connected.remove(slaveUid);
            if (proposed.remove(slaveUid)) {
                log.info("Slave {} disconnected; proposing in-sync set {}", slaveUid, proposed);
            }
            releaseReady(completions);
        }
        completions.forEach(Runnable::run);
    }

    /** The uids the next heartbeat reports. */
    public synchronized Set<String> proposed() {
        return Set.copyOf(proposed);
    }

    /** Takes the set the coordinator has recorded (and may promote from) from a heartbeat answer. */
    public void recordConfirmed(Topology topology) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            confirmed.clear();
            topology.getMembersList().stream().filter(Member::getInSync)
                    .forEach(m -> confirmed.add(m.getServerUid()));
            applied.keySet().removeIf(uid -> !connected.contains(uid) && !confirmed.contains(uid));
            releaseReady(completions);
        }
        completions.forEach(Runnable::run);
    }

    public synchronized int confirmedSize() {
        return confirmed.size();
    }

    /** How many local events the slowest connected slave has not acknowledged. */
    public synchronized long maxSlaveLag() {
        long local = committed.get().getOrDefault(localUid, 0L);
        return connected.stream().mapToLong(uid -> local - localSeq(uid)).max().orElse(0);
    }

    /** Every role change: a new master term starts with nobody in sync (rule 4). */
    public void roleChanged(RoleSnapshot snapshot) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            long next = snapshot.role() == ServerRole.MASTER ? snapshot.epoch() : 0;
            if (next == term) {
                return;
            }
            term = next;
            proposed.clear();
            confirmed.clear();
            acknowledged.clear();
            failAllWaiting(completions);
            if (term > 0) {
                acknowledged.putAll(committed.get());
                log.info("Master term at epoch {}: in-sync set empty; slaves join once they hold {}", term,
                        acknowledged);
                connected.forEach(this::proposeIfCaughtUp);
            }
        }
        completions.forEach(Runnable::run);
    }

    /**
     * For a hand-over: waits until a confirmed member has durably applied everything this server
     * has committed now (of every origin), and returns its uid. Every confirmed member already
     * holds every acknowledged write (the invariant above), so after the limit the one furthest
     * ahead is returned instead; empty when nobody is confirmed.
     */
    public synchronized Optional<String> awaitSuccessor(Duration limit) {
        Map<String, Long> everything = committed.get();
        long giveUp = nanoTime.getAsLong() + limit.toNanos();
        while (true) {
            Optional<String> holder = confirmed.stream()
                    .filter(uid -> VersionVectors.covers(applied.getOrDefault(uid, Map.of()), everything))
                    .findFirst();
            long left = giveUp - nanoTime.getAsLong();
            if (holder.isPresent() || confirmed.isEmpty() || left <= 0) {
                return holder.or(() -> confirmed.stream().max(Comparator.comparingLong(this::localSeq)));
            }
            waitNanos(left);
        }
    }

    /** Refuses writes while the confirmed set is smaller than sns.replication.min-in-sync. */
    @Override
    public synchronized void requireEnoughReplicas() {
        if (confirmed.size() < minInSync) {
            throw new SocialException(NOT_MASTER, "not-master: only " + confirmed.size()
                    + " in-sync replicas, " + minInSync + " needed to accept writes");
        }
    }

    /**
     * Completes once every required member has the local event {@code seq} durably (rule 2), or
     * fails with "unknown outcome". Writes committed in one group share their seq and so one
     * waiting entry; an ack releases every entry up to the seq it covers, in seq order, and
     * {@link #checkDeadlines()} handles the ack deadline, the limit and the lease. Futures are
     * completed outside the monitor, on the thread that made them ready.
     */
    @Override
    public CompletableFuture<Void> replicated(long seq, Duration limit) {
        CompletableFuture<Void> done;
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            done = waiting.computeIfAbsent(seq, s -> new Waiting(s, term, now + ackTimeout.toNanos(),
                    now + limit.toNanos())).done;
            releaseReady(completions);
        }
        completions.forEach(Runnable::run);
        return done;
    }

    /**
     * Run on a schedule: a waiting write whose lease ran out or whose limit passed fails; members
     * that lack a write past its ack deadline leave the proposed set (rule 3).
     */
    public void checkDeadlines() {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
            long now = nanoTime.getAsLong();
            boolean leaseValid = this.leaseValid.getAsBoolean();
            for (var it = waiting.values().iterator(); it.hasNext(); ) {
                Waiting write = it.next();
                Set<String> missing = missing(write.seq);
                if (!leaseValid || now - write.giveUp >= 0) {
                    it.remove();
                    completions.add(write.failure("the write is stored but in-sync replicas " + missing
                            + " did not confirm it in time; retry with the same idempotency key"));
                } else if (now - write.ackDeadline >= 0 && proposed.removeAll(missing)) {
                    log.info("In-sync slaves {} missed the ack deadline; proposing in-sync set {}", missing, proposed);
                }
            }
            releaseReady(completions);
        }
        completions.forEach(Runnable::run);
    }

    /** Under the monitor: releases every waiting write that no required member lacks, lowest seq first. */
    private void releaseReady(List<Runnable> completions) {
        notifyAll(); // a hand-over in awaitSuccessor is the only thread that ever waits on this monitor
        var ready = waiting.headMap(coveredSeq(), true);
        for (Waiting write : ready.values()) {
            if (write.term != term) {
                completions.add(write.failure(TERM_ENDED));
                continue;
            }
            try {
                release(write.seq);
                completions.add(() -> write.done.complete(null));
            } catch (SocialException e) {
                completions.add(() -> write.done.completeExceptionally(e));
            }
        }
        ready.clear();
    }

    /** Under the monitor: fails every waiting write (its master term ended). */
    private void failAllWaiting(List<Runnable> completions) {
        waiting.values().forEach(write -> completions.add(write.failure(TERM_ENDED)));
        waiting.clear();
    }

    /** The highest local seq every required member holds durably (no member required: every seq). */
    private long coveredSeq() {
        long covered = Long.MAX_VALUE;
        for (String uid : proposed) {
            covered = Math.min(covered, localSeq(uid));
        }
        for (String uid : confirmed) {
            covered = Math.min(covered, localSeq(uid));
        }
        return covered;
    }

    private void release(long seq) {
        long holding = confirmed.stream().filter(uid -> localSeq(uid) >= seq).count();
        if (holding < minInSync) {
            throw new SocialException(UNKNOWN_OUTCOME, "the write is stored but only " + holding
                    + " confirmed in-sync replicas hold it, " + minInSync + " needed (sns.replication.min-in-sync); "
                    + "retry with the same idempotency key");
        }
        acknowledged.merge(localUid, seq, Math::max);
    }

    private Set<String> missing(long seq) {
        Set<String> required = new TreeSet<>(proposed);
        required.addAll(confirmed);
        required.removeIf(uid -> localSeq(uid) >= seq);
        return required;
    }

    private long localSeq(String uid) {
        return applied.getOrDefault(uid, Map.of()).getOrDefault(localUid, 0L);
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocialException(UNKNOWN_OUTCOME, "interrupted while waiting for an in-sync successor");
        }
    }

    /** The writes committed at one local seq, waiting for the in-sync set. */
    private static final class Waiting {
        private final long seq;
        private final long term;
        private final long ackDeadline;
        private final long giveUp;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Waiting(long seq, long term, long ackDeadline, long giveUp) {
            this.seq = seq;
            this.term = term;
            this.ackDeadline = ackDeadline;
            this.giveUp = giveUp;
        }

        Runnable failure(String why) {
            return () -> done.completeExceptionally(new SocialException(UNKNOWN_OUTCOME, why));
        }
    }
}

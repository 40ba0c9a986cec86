package sns.timeline.role;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.Role;
import sns.api.v1.ServerIdentity;
import sns.api.v1.Topology;
import sns.timeline.store.ServerMeta;

/**
 * Heartbeats to the coordinator from a thread of its own (never the shared scheduler, so a busy
 * pool cannot cost the lease), with a deadline shorter than the interval. Each answer sets the
 * role, persists a higher epoch before acting on it, and starts the master lease at the send
 * time of the heartbeat that granted it. A coordinator that forgot this server (restart) simply
 * registers it again: a heartbeat is a registration.
 *
 * <p>It also keeps the two claims a restarted coordinator elects from (why they are safe:
 * {@code InSyncTracker}): "I hold the lock" is set by a {@code ROLE_MASTER} answer and dropped by a
 * {@code ROLE_SLAVE} answer at the same epoch; "I was in sync" follows every {@code ROLE_SLAVE}
 * answer (set when it lists this server's data as in sync, cleared when it does not). A
 * {@code ROLE_PENDING} answer (the coordinator is recovering) changes neither. Sequences start from
 * the wall clock in microseconds, so they also grow across restarts and the coordinator can drop a
 * heartbeat that a newer one overtook.
 */
public final class HeartbeatLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);
    private static final int FAST_BEATS = 40;
    private static final long FIRST_ANSWER_DEADLINE_MILLIS = 1_000;

    private final CoordinatorGrpc.CoordinatorBlockingStub coordinator;
    private final Supplier<ServerIdentity> identity;
    private final ServerMeta meta;
    private final RoleState role;
    private final Supplier<Set<String>> inSyncSlaves;
    private final BooleanSupplier caughtUp;
    private final LongSupplier nanoTime;
    private final InstantSource wallClock;
    private final Duration maxSkew;
    private final Runnable resetConnectBackoff;
    private volatile Duration interval;
    private volatile ScheduledExecutorService thread;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean soon = new AtomicBoolean();
    /** Quarter-interval beats left after a slave lost its master's stream (see {@link #masterStreamEnded}). */
    private final AtomicInteger fastBeatsLeft = new AtomicInteger();
    private ScheduledFuture<?> pendingBeat;
    private long sequence;
    private boolean coordinatorReachable = true;

    public HeartbeatLoop(CoordinatorGrpc.CoordinatorBlockingStub coordinator, Supplier<ServerIdentity> identity,
                         ServerMeta meta, RoleState role, Supplier<Set<String>> inSyncSlaves, BooleanSupplier caughtUp,
                         LongSupplier nanoTime, InstantSource wallClock, Duration initialInterval, Duration maxSkew,
                         Runnable resetConnectBackoff) {
        this.coordinator = coordinator;
        this.identity = identity;
        this.meta = meta;
        this.role = role;
        this.inSyncSlaves = inSyncSlaves;
        this.caughtUp = caughtUp;
        this.nanoTime = nanoTime;
        this.wallClock = wallClock;
        this.interval = initialInterval;
        this.maxSkew = maxSkew;
        this.resetConnectBackoff = resetConnectBackoff;
        this.sequence = TimeUnit.MILLISECONDS.toMicros(wallClock.millis());
    }

    /** One heartbeat and the handling of its answer. Runs on the heartbeat thread (or a test). */
    public void beat() {
        long fence = meta.epochFence();
        boolean master = fence > 0 && meta.masterEpoch() == fence;
        HeartbeatRequest request = HeartbeatRequest.newBuilder()
                .setServer(identity.get())
                .setSequence(++sequence)
                .setMaxEpochSeen(fence)
                .setHoldsLock(master)
                .addAllInSyncServerUids(master ? inSyncSlaves.get() : Set.of())
                .setWasInSync(!master && fence > 0 && meta.inSyncEpoch() == fence)
                .setReady(isReady())
                .build();
        long sentNanos = nanoTime.getAsLong();
        long sentWallMillis = wallClock.millis();
        Topology topology;
        try {
            topology = coordinator.withDeadlineAfter(deadlineMillis(), TimeUnit.MILLISECONDS).heartbeat(request);
        } catch (StatusRuntimeException e) {
            failed.incrementAndGet();
            if (coordinatorReachable) {
                log.warn("Heartbeat to the coordinator failed ({}); writes stop when the lease runs out",
                        e.getStatus());
            }
            coordinatorReachable = false;
            // Try again at the next beat, not after gRPC's growing reconnect backoff: a restarted
            // coordinator must hear from every server within its recovery period.
            resetConnectBackoff.run();
            return;
        }
        answered.incrementAndGet();
        if (!coordinatorReachable) {
            log.info("Coordinator reachable again");
            coordinatorReachable = true;
        }
        accept(request.getSequence(), sentNanos, sentWallMillis, wallClock.millis(), topology);
    }

    /**
     * Shorter than the interval, except until the first answer: that call also connects and loads
     * gRPC's client classes, which took a starting JVM more than the 80 ms of a beat, and its retry
     * a beat later delayed readiness by a quarter second. Waiting longer for it is safe: a lease
     * starts at the send time of the heartbeat that granted it, however late the answer comes.
     */
    private long deadlineMillis() {
        long beat = interval.toMillis() * 4 / 5;
        return answered.get() == 0 ? Math.max(beat, FIRST_ANSWER_DEADLINE_MILLIS) : beat;
    }

    private void accept(long sentSequence, long sentNanos, long sentWallMillis, long receivedWallMillis,
                        Topology topology) {
        if (topology.getHeartbeatSequence() != sentSequence) {
            log.debug("Ignoring a stale heartbeat answer (sequence {} != {})", topology.getHeartbeatSequence(),
                    sentSequence);
            return;
        }
        long epoch = meta.raiseEpochFence(topology.getEpoch());
        long skew = Math.abs(topology.getCoordinatorTimeMillis() - (sentWallMillis + receivedWallMillis) / 2);
        boolean clockInSync = skew <= maxSkew.toMillis();
        if (!clockInSync) {
            log.warn("Clock is {} ms off the coordinator's as a heartbeat with a {} ms round trip measured it "
                    + "(max {} ms): not ready, no writes", skew, receivedWallMillis - sentWallMillis, maxSkew.toMillis());
        }
        ServerRole next = switch (topology.getRole()) {
            case ROLE_MASTER -> ServerRole.MASTER;
            case ROLE_SLAVE -> ServerRole.SLAVE;
            default -> ServerRole.PENDING;
        };
        recordClaims(next, epoch, topology);
        RoleSnapshot previous = role.current();
        if (next != previous.role() || epoch != previous.epoch()) {
            fastBeatsLeft.set(0);
        }
        if (next != previous.role()) {
            // A new master reports ready and its in-sync set at once; a new slave confirms its fence.
            soon.set(true);
        }
        long leaseDeadline = next == ServerRole.MASTER
                ? sentNanos + TimeUnit.MILLISECONDS.toNanos(topology.getLeaseMillis()) : 0;
        role.update(new RoleSnapshot(next, epoch, leaseDeadline, clockInSync, Optional.of(topology)));
        if (topology.getHeartbeatIntervalMillis() > 0
                && topology.getHeartbeatIntervalMillis() != interval.toMillis()) {
            interval = Duration.ofMillis(topology.getHeartbeatIntervalMillis());
            log.info("Heartbeat interval set to {} by the coordinator", interval);
        }
    }

    /** Persists what the next heartbeats claim about the lock and the in-sync set (see the class comment). */
    private void recordClaims(ServerRole next, long epoch, Topology topology) {
        if (next == ServerRole.MASTER) {
            meta.recordMasterEpoch(epoch);
        } else if (next == ServerRole.SLAVE) {
            if (meta.masterEpoch() == epoch) {
                log.info("The coordinator made this server a slave at epoch {}: it no longer claims the lock", epoch);
                meta.recordMasterEpoch(0);
            }
            String uid = identity.get().getServerUid();
            boolean inSync = topology.getMembersList().stream()
                    .anyMatch(m -> m.getServerUid().equals(uid) && m.getInSync());
            meta.recordInSyncEpoch(inSync ? epoch : 0);
        }
    }

    /** Heartbeats the coordinator answered. */
    public long answeredHeartbeats() {
        return answered.get();
    }

    /** Heartbeats that failed (coordinator unreachable, deadline exceeded, refused). */
    public long failedHeartbeats() {
        return failed.get();
    }

    /** Registered with a decided role, clock sane and caught up with its sources. */
    public boolean isReady() {
        RoleSnapshot snapshot = role.current();
        return (snapshot.role() == ServerRole.MASTER || snapshot.role() == ServerRole.SLAVE)
                && snapshot.clockInSync() && caughtUp.getAsBoolean();
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        pendingBeat = thread.schedule(this::loop, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Heartbeats now instead of at the next interval (after a role change, or when a slave's
     * stream from its master ended: the lock may have moved, maybe to this server). A beat in
     * progress is followed at once by another.
     */
    public void beatSoon() {
        soon.set(true);
        synchronized (this) {
            if (thread != null && pendingBeat != null && pendingBeat.cancel(false)) {
                pendingBeat = thread.schedule(this::loop, 0, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * A slave's stream from its master ended: heartbeats at once, then every quarter interval until
     * the answer brings a new role or epoch or the slave is caught up again, for ten intervals at
     * most (longer than the coordinator's death timeout). The coordinator may grant the lock to
     * this server at any moment in that time, and learning of it a whole interval late would add
     * as much to the failover.
     */
    public void masterStreamEnded() {
        fastBeatsLeft.set(FAST_BEATS);
        beatSoon();
    }

    /** One beat; returns how long after it the next one starts. */
    long beatOnce() {
        soon.set(false);
        long started = nanoTime.getAsLong();
        try {
            beat();
        } catch (RuntimeException e) {
            log.error("Heartbeat round failed", e);
        }
        return nextDelayNanos(nanoTime.getAsLong() - started);
    }

    private long nextDelayNanos(long elapsedNanos) {
        if (soon.get()) {
            return 0;
        }
        if (caughtUp.getAsBoolean()) {
            fastBeatsLeft.set(0);
        }
        long period = fastBeatsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0
                ? interval.toNanos() / 4 : interval.toNanos();
        return Math.max(0, period - elapsedNanos);
    }

    private void loop() {
        long delay = beatOnce();
        synchronized (this) {
            if (thread != null && !thread.isShutdown()) {
                pendingBeat = thread.schedule(this::loop, delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
            pendingBeat = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /** Stop heartbeating before the gRPC server stops, start after the store is open. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}

package sns.timeline.role;

import static sns.timeline.social.SocialException.Kind.CANCELLED;
import static sns.timeline.social.SocialException.Kind.NOT_MASTER;
import static sns.timeline.social.SocialException.Kind.OVERLOADED;
import static sns.timeline.social.SocialException.Kind.UNKNOWN_OUTCOME;

import io.grpc.Context;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import sns.timeline.social.SocialException;
import sns.timeline.store.EventStore;
import sns.timeline.store.StoreOverloadedException;
import sns.timeline.store.Transaction;
import sns.timeline.store.WriteAbandonedException;

/**
 * The only way a client write reaches the store: refused unless this server is a master with a
 * valid lease, and acknowledged only if the lease is still valid after the synced commit, so no
 * write is acknowledged by a master after it was superseded (DESIGN §3 Leases).
 */
public final class WriteGate {

    private final RoleState role;
    private final EventStore store;
    private final Duration commitTimeout;
    private final Timer latency;
    private final ReplicationBarrier replication;
    private final AcknowledgedSeq acknowledged;
    private final WriteDrain drain;

    public WriteGate(RoleState role, EventStore store, Duration commitTimeout, Timer latency,
                     ReplicationBarrier replication, AcknowledgedSeq acknowledged, WriteDrain drain) {
        this.role = role;
        this.store = store;
        this.commitTimeout = commitTimeout;
        this.latency = latency;
        this.replication = replication;
        this.acknowledged = acknowledged;
        this.drain = drain;
    }

    /**
     * Runs a write transaction and returns its result once it is durable here and on every
     * in-sync slave, with the lease still valid. A retry that finds its original also waits for
     * replication, so it never confirms what a failover could still lose. Only then does the
     * write's seq become {@link AcknowledgedSeq acknowledged-safe} (and its post visible).
     */
    public <R> R execute(Transaction<R> transaction) {
        requireMasterLease();
        if (!drain.tryEnter()) {
            throw stopping();
        }
        try {
            return acknowledgedResult(transaction);
        } finally {
            drain.leave();
        }
    }

    private <R> R acknowledgedResult(Transaction<R> transaction) {
        replication.requireEnoughReplicas();
        Timer.Sample sample = Timer.start();
        R result = await(transaction);
        long seq = store.committed().highestContiguousSeq(store.serverUid());
        replication.awaitReplicated(seq, commitTimeout);
        sample.stop(latency);
        if (!role.leaseValid()) {
            throw new SocialException(UNKNOWN_OUTCOME, "this server lost its master lease before it could confirm "
                    + "the write; retry with the same idempotency key");
        }
        acknowledged.advanceTo(seq);
        return result;
    }

    public void requireMasterLease() {
        if (drain.isClosed()) {
            throw stopping();
        }
        if (!role.leaseValid()) {
            RoleSnapshot snapshot = role.current();
            String why = snapshot.role() == ServerRole.MASTER ? "its master lease is not valid"
                    : "it is " + snapshot.role().name().toLowerCase();
            throw new SocialException(NOT_MASTER, "not-master: this server accepts no writes because " + why);
        }
    }

    private static SocialException stopping() {
        return new SocialException(NOT_MASTER, "not-master: this server is stopping and hands its master lock "
                + "over; ask the coordinator for the new master");
    }

    /**
     * Queues the write and waits for its synced commit. The store skips it if this caller has
     * stopped waiting by then: its gRPC call was cancelled or its deadline passed, or this wait
     * timed out.
     */
    private <R> R await(Transaction<R> transaction) {
        Context call = Context.current();
        AtomicBoolean gaveUp = new AtomicBoolean();
        CompletableFuture<R> commit = store.writeFor(transaction, () -> gaveUp.get() || call.isCancelled());
        try {
            return commit.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw refusal(e.getCause());
        } catch (TimeoutException e) {
            gaveUp.set(true);
            throw new SocialException(UNKNOWN_OUTCOME, "the store did not confirm the write in time; "
                    + "retry with the same idempotency key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gaveUp.set(true);
            throw new SocialException(UNKNOWN_OUTCOME, "interrupted while waiting for the store");
        }
    }

    private static RuntimeException refusal(Throwable failure) {
        if (failure instanceof StoreOverloadedException) {
            return new SocialException(OVERLOADED, failure.getMessage());
        }
        if (failure instanceof WriteAbandonedException) {
            return new SocialException(CANCELLED, failure.getMessage());
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(failure);
    }
}

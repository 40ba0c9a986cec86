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
 * write is acknowledged by a master after it was superseded (DESIGN §3 Leases). No thread waits
 * for a write: each stage continues from the future of the one before.
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

    /** {@link #submit} for callers that may block until the answer. */
    public <R> R execute(Transaction<R> transaction) {
        try {
            return submit(transaction).join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Runs a write transaction; the future completes with its result once it is durable here and
     * on every in-sync slave, with the lease still valid. A retry that finds its original also
     * waits for replication (of everything committed up to it), so it never confirms what a
     * failover could still lose. Only then does the write's seq become
     * {@link AcknowledgedSeq acknowledged-safe} (and its post visible).
     */
    public <R> CompletableFuture<R> submit(Transaction<R> transaction) {
        try {
            requireMasterLease();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!drain.tryEnter()) {
            return CompletableFuture.failedFuture(stopping());
        }
        CompletableFuture<R> answer;
        try {
            replication.requireEnoughReplicas();
            answer = acknowledged(transaction);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.whenComplete((result, failure) -> drain.leave());
    }

    private <R> CompletableFuture<R> acknowledged(Transaction<R> transaction) {
        Timer.Sample sample = Timer.start();
        return commit(transaction)
                .thenCompose(written -> replication.replicated(written.localSeq(), commitTimeout)
                        .thenApply(replicated -> written))
                .thenApply(written -> {
                    sample.stop(latency);
                    if (!role.leaseValid()) {
                        throw new SocialException(UNKNOWN_OUTCOME, "this server lost its master lease before it "
                                + "could confirm the write; retry with the same idempotency key");
                    }
                    acknowledged.advanceTo(written.localSeq());
                    return written.result();
                });
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
     * Queues the write for its synced commit. The store skips it if this caller has stopped
     * waiting by then: its gRPC call was cancelled or its deadline passed, or the commit timed out.
     */
    private <R> CompletableFuture<Written<R>> commit(Transaction<R> transaction) {
        Context call = Context.current();
        AtomicBoolean gaveUp = new AtomicBoolean();
        String self = store.serverUid();
        return store.<Written<R>>writeFor(tx -> new Written<>(transaction.run(tx), tx.highestContiguousSeq(self)),
                        () -> gaveUp.get() || call.isCancelled())
                .orTimeout(commitTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        gaveUp.set(true);
                        throw new SocialException(UNKNOWN_OUTCOME, "the store did not confirm the write in time; "
                                + "retry with the same idempotency key");
                    }
                    throw refusal(cause);
                });
    }

    /** The failure a future of {@link #submit} completed with, as thrown by the write. */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private static RuntimeException refusal(Throwable failure) {
        if (failure instanceof StoreOverloadedException) {
            return new SocialException(OVERLOADED, failure.getMessage());
        }
        if (failure instanceof WriteAbandonedException) {
            return new SocialException(CANCELLED, failure.getMessage());
        }
        return unwrap(failure);
    }

    /** A transaction's result and the highest local seq committed with it (what replication must cover). */
    private record Written<R>(R result, long localSeq) {}
}

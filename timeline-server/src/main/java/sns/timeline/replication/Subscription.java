package sns.timeline.replication;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.Event;
import sns.api.v1.PublisherHello;
import sns.api.v1.SubscribeAck;
import sns.api.v1.SubscribeRequest;
import sns.api.v1.SubscribeResponse;
import sns.api.v1.SubscribeStart;
import sns.api.v1.SubscriptionKind;
import sns.api.v1.VersionVector;
import sns.timeline.store.EventStore;

/**
 * The subscribing end of one Subscribe stream. Applies each batch through the store's single
 * writer and acks only after the synced commit. Up to {@code batchesInFlight} batches are
 * requested ahead, so the writer commits every batch that arrived meanwhile in one synced group;
 * a batch applied asks for the next one (so a slow disk slows the publisher instead of filling
 * memory). Each applied batch acks what is committed by then, from the thread that completed
 * the commit; an ack that would repeat the previous one (several batches of one group commit) is
 * not sent. A server refuses a publisher of its own
 * cluster whose epoch is below its fence, and stops applying as soon as its fence moves past
 * the publisher's epoch. Events stamped too far in the future are refused ({@link FutureEventGuard}):
 * the subscription ends after applying what came before them, to ask for them again later.
 */
final class Subscription implements ClientResponseObserver<SubscribeRequest, SubscribeResponse> {

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    private final String target;
    private final SubscribeStart start;
    private final EventStore store;
    private final LongSupplier fence;
    private final FutureEventGuard futureEvents;
    private final Listener listener;
    private final int batchesInFlight;
    /** The committed version vector of the last ack (the store replaces it on every change). */
    private Map<String, Long> lastAcked;
    /** Set on the writer thread once a batch was cut short: no later batch of this stream applies. */
    private volatile boolean stopApplying;
    private ClientCallStreamObserver<SubscribeRequest> requests;
    private volatile long publisherEpoch = -1;
    private volatile int publisherCluster;
    private volatile boolean ended;
    private volatile boolean caughtUp;

    /** Hears what happens to the subscription. */
    interface Listener {
        default void applied(Subscription subscription, int newEvents) {}

        /** Everything the publisher had at the start has been applied here; it held {@code publisherHas}. */
        void caughtUp(Subscription subscription, VersionVector publisherHas);

        void ended(Subscription subscription, Status status);
    }

    Subscription(String target, SubscribeStart start, EventStore store, LongSupplier fence,
                 FutureEventGuard futureEvents, Listener listener, int batchesInFlight) {
        this.target = target;
        this.start = start;
        this.store = store;
        this.fence = fence;
        this.futureEvents = futureEvents;
        this.listener = listener;
        this.batchesInFlight = batchesInFlight;
    }

    String target() {
        return target;
    }

    SubscriptionKind kind() {
        return start.getKind();
    }

    boolean isEnded() {
        return ended;
    }

    boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> stream) {
        requests = stream;
        stream.disableAutoRequestWithInitial(1);
    }

    void open() {
        send(SubscribeRequest.newBuilder().setStart(start).build());
    }

    @Override
    public void onNext(SubscribeResponse response) {
        switch (response.getKindCase()) {
            case HELLO -> hello(response.getHello());
            case BATCH -> apply(response.getBatch().getEventsList());
            case CAUGHT_UP -> afterQueuedBatches(() -> {
                caughtUp = true;
                ack(true);
                listener.caughtUp(this, response.getCaughtUp().getPublisherHas());
                requests.request(1);
            });
            default -> requests.request(1);
        }
    }

    private void hello(PublisherHello hello) {
        publisherEpoch = hello.getEpoch();
        publisherCluster = hello.getPublisher().getClusterId();
        if (fencedOut()) {
            log.info("Refusing {}: its epoch {} is below this server's fence {}", target, hello.getEpoch(),
                    fence.getAsLong());
            cancel("stale publisher epoch " + hello.getEpoch() + " < fence " + fence.getAsLong());
            return;
        }
        requests.request(batchesInFlight);
    }

    private void apply(List<Event> events) {
        if (ended) {
            return;
        }
        if (fencedOut()) {
            log.info("Dropping the stream from {}: this server's fence {} moved past its epoch {}", target,
                    fence.getAsLong(), publisherEpoch);
            cancel("fence moved past the publisher's epoch");
            return;
        }
        List<Event> admitted = events.subList(0, futureEvents.admissible(events, target));
        store.write(tx -> {
            // Decided on the writer thread, in stream order: batches queued behind one that was cut
            // short (or fenced out) must not apply, or an origin's log would skip the refused events.
            if (stopApplying || fencedOut()) {
                stopApplying = true;
                return 0;
            }
            int newEvents = 0;
            for (Event event : admitted) {
                newEvents += tx.apply(event) ? 1 : 0;
            }
            if (admitted.size() < events.size()) {
                stopApplying = true;
            }
            return newEvents;
        }).whenComplete((applied, failure) -> {
            if (failure != null) {
                log.warn("Applying {} events from {} failed", events.size(), target, failure);
                cancel("apply failed");
                return;
            }
            listener.applied(this, applied);
            ack(false);
            if (stopApplying) {
                cancel(fencedOut() ? "fence moved past the publisher's epoch"
                        : "events stamped too far ahead of this server's clock; they will be asked for again");
                return;
            }
            requests.request(1);
        });
    }

    /** Fencing applies within a cluster only; across clusters events are idempotent facts. */
    private boolean fencedOut() {
        return publisherCluster == start.getSubscriber().getClusterId() && publisherEpoch < fence.getAsLong();
    }

    /** Acks what is committed now (read under the lock, so acks never go backwards). */
    private synchronized void ack(boolean evenIfUnchanged) {
        Map<String, Long> applied = store.committed().versionVector();
        if (!evenIfUnchanged && applied == lastAcked) {
            return;
        }
        lastAcked = applied;
        send(SubscribeRequest.newBuilder()
                .setAck(SubscribeAck.newBuilder().setApplied(VersionVectors.toProto(applied)))
                .build());
    }

    private synchronized void send(SubscribeRequest request) {
        if (!ended) {
            requests.onNext(request);
        }
    }

    void cancel(String why) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        requests.cancel(why, null);
    }

    @Override
    public void onError(Throwable t) {
        end(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        end(Status.OK);
    }

    /** The end is announced after the batches already queued for the writer are committed. */
    private void end(Status status) {
        ended = true;
        afterQueuedBatches(() -> listener.ended(this, status));
    }

    /**
     * Runs {@code action} once the batches of this stream already queued for the single writer are
     * committed: a no-op write queued behind them completes after them (at once if the store is closing).
     */
    private void afterQueuedBatches(Runnable action) {
        try {
            store.write(tx -> null).whenComplete((done, failure) -> action.run());
        } catch (RuntimeException closing) {
            action.run();
        }
    }
}

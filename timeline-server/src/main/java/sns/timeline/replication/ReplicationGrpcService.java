package sns.timeline.replication;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import net.devh.boot.grpc.server.service.GrpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.api.v1.DigestRequest;
import sns.api.v1.DigestResponse;
import sns.api.v1.PublisherHello;
import sns.api.v1.ReplicationGrpc;
import sns.api.v1.Role;
import sns.api.v1.ServerIdentity;
import sns.api.v1.SubscribeRequest;
import sns.api.v1.SubscribeResponse;
import sns.api.v1.SubscribeStart;
import sns.api.v1.SubscriptionKind;
import sns.timeline.api.BlockingCalls;
import sns.timeline.role.RoleState;
import sns.timeline.role.ServerRole;
import sns.timeline.store.EventStore;

/**
 * The Replication service: publishes the log to subscribers and answers Digest. Needs the cluster
 * secret. Each open subscription has its own lag gauge: the events this server has committed that
 * the subscriber has not yet acknowledged as durably applied.
 */
@GrpcService(interceptors = ClusterSecret.class)
public class ReplicationGrpcService extends ReplicationGrpc.ReplicationImplBase {

    private static final Logger log = LoggerFactory.getLogger(ReplicationGrpcService.class);

    private final EventStore store;
    private final RoleState role;
    private final InSyncTracker inSync;
    private final ServerIdentity self;
    private final Executor publisherExecutor;
    private final MeterRegistry meters;
    private final BlockingCalls blocking;
    private final Set<LogPublisher> publishers = ConcurrentHashMap.newKeySet();
    private final Map<String, PublishingCall> lagSources = new ConcurrentHashMap<>();
    private final Set<PublishingCall> calls = ConcurrentHashMap.newKeySet();

    public ReplicationGrpcService(EventStore store, RoleState role, InSyncTracker inSync, ServerIdentity self,
                                  Executor publisherExecutor, MeterRegistry meters, BlockingCalls blocking) {
        this.store = store;
        this.role = role;
        this.inSync = inSync;
        this.self = self;
        this.publisherExecutor = publisherExecutor;
        this.meters = meters;
        this.blocking = blocking;
        store.onCommitted(events -> publishers.forEach(publisher -> publisher.committed(events)));
    }

    @Override
    public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeResponse> observer) {
        PublishingCall call = new PublishingCall((ServerCallStreamObserver<SubscribeResponse>) observer);
        calls.add(call);
        return call;
    }

    /**
     * Ends every slave's stream from this server (after a hand-over): the slaves notice at once
     * and heartbeat, so the new master learns its role without waiting for its next interval.
     */
    public void endSlaveStreams(Status status) {
        calls.stream().filter(call -> isMySlave(call.start)).forEach(call -> {
            call.out.fail(status);
            call.closed();
        });
    }

    /** One Subscribe call on the publishing side. */
    private final class PublishingCall implements StreamObserver<SubscribeRequest> {
        private final PublisherOutput out;
        private volatile LogPublisher publisher;
        private volatile Map<String, Long> acked = Map.of();
        private volatile SubscribeStart start;
        private Gauge lag;
        private boolean closed;

        PublishingCall(ServerCallStreamObserver<SubscribeResponse> call) {
            this.out = new PublisherOutput(call);
            call.setOnReadyHandler(() -> {
                LogPublisher current = publisher;
                if (current != null) {
                    current.wake();
                }
            });
            call.setOnCancelHandler(this::closed);
            // an anti-entropy stream is ended by this side: no half-close or cancel reports it
            call.setOnCloseHandler(this::closed);
        }

        @Override
        public void onNext(SubscribeRequest request) {
            if (start == null) {
                if (!request.hasStart()) {
                    out.fail(Status.INVALID_ARGUMENT.withDescription("the first message must be start"));
                    return;
                }
                Optional<String> problem = SubscribeStartCheck.problem(request.getStart(), clusterCount());
                if (problem.isPresent()) {
                    out.fail(Status.INVALID_ARGUMENT.withDescription(problem.get()));
                    return;
                }
                start = request.getStart();
                acked = start.getHave().getSeqsMap();
                LogPublisher opened = open(start, out);
                if (opened != null) {
                    attach(opened);
                }
            } else if (request.hasAck() && publisher != null) {
                acked = request.getAck().getApplied().getSeqsMap();
                if (isMySlave(start)) {
                    inSync.acked(start.getSubscriber().getServerUid(), acked);
                }
            }
        }

        long lag() {
            return VersionVectors.missing(acked, store.committed().versionVector());
        }

        @Override
        public void onError(Throwable t) {
            closed();
        }

        @Override
        public void onCompleted() {
            closed();
            out.complete();
        }

        /** The call may have been cancelled while its publisher was being opened. */
        private synchronized void attach(LogPublisher opened) {
            lag = trackLag(this);
            publisher = opened;
            if (closed) {
                release(opened);
            }
        }

        private synchronized void closed() {
            if (closed) {
                return;
            }
            closed = true;
            calls.remove(this);
            if (publisher != null) {
                release(publisher);
            }
        }

        private void release(LogPublisher current) {
            current.close();
            publishers.remove(current);
            untrackLag(lag, this);
            if (isMySlave(start)) {
                inSync.disconnected(start.getSubscriber().getServerUid());
            }
        }
    }

    private LogPublisher open(SubscribeStart start, PublisherOutput out) {
        var snapshot = role.current();
        if (isMySlave(start) && start.getEpochFence() > snapshot.epoch()) {
            log.info("Refusing slave {}: its fence {} is above this server's epoch {}",
                    start.getSubscriber().getServerId(), start.getEpochFence(), snapshot.epoch());
            out.fail(Status.FAILED_PRECONDITION.withDescription("stale-epoch: this server's epoch "
                    + snapshot.epoch() + " is below your fence " + start.getEpochFence()));
            return null;
        }
        out.send(SubscribeResponse.newBuilder().setHello(PublisherHello.newBuilder()
                .setPublisher(self)
                .setEpoch(snapshot.epoch())
                .setRole(snapshot.role() == ServerRole.MASTER ? Role.ROLE_MASTER : Role.ROLE_SLAVE))
                .build());
        boolean bounded = start.getKind() == SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY;
        LogPublisher publisher = new LogPublisher(store, out, publisherExecutor,
                start.getSubscriber().getServerUid(), start.getHave().getSeqsMap(),
                bounded);
        publishers.add(publisher);
        if (isMySlave(start)) {
            inSync.acked(start.getSubscriber().getServerUid(), start.getHave().getSeqsMap());
        }
        log.info("Publishing to {} c{}-s{} from {}", start.getKind(), start.getSubscriber().getClusterId(),
                start.getSubscriber().getServerId(), start.getHave().getSeqsMap());
        publisher.wake();
        return publisher;
    }

    private OptionalInt clusterCount() {
        return role.current().topology().filter(t -> t.getClusterCount() > 0)
                .map(t -> OptionalInt.of(t.getClusterCount())).orElse(OptionalInt.empty());
    }

    private boolean isMySlave(SubscribeStart start) {
        return start != null && start.getKind() == SubscriptionKind.SUBSCRIPTION_KIND_SLAVE
                && start.getSubscriber().getClusterId() == self.getClusterId();
    }

    /**
     * One gauge per (subscriber, kind), reading whichever call is current for it: a subscriber
     * that reconnects before its old call is closed takes the gauge over, and the old call's
     * close then leaves it alone.
     */
    private synchronized Gauge trackLag(PublishingCall call) {
        String key = lagKey(call.start);
        lagSources.put(key, call);
        ServerIdentity subscriber = call.start.getSubscriber();
        return Gauge.builder("sns.replication.subscriber.lag.events", lagSources, sources -> {
                    PublishingCall current = sources.get(key);
                    return current == null ? 0 : current.lag();
                })
                .description("Events this server has committed that the subscriber has not acknowledged")
                .tag("subscriber", "c" + subscriber.getClusterId() + "-s" + subscriber.getServerId())
                .tag("kind", call.start.getKind().name().replace("SUBSCRIPTION_KIND_", "").toLowerCase(Locale.ROOT))
                .register(meters);
    }

    private synchronized void untrackLag(Gauge gauge, PublishingCall call) {
        if (gauge != null && lagSources.remove(lagKey(call.start), call)) {
            meters.remove(gauge);
        }
    }

    private static String lagKey(SubscribeStart start) {
        return start.getKind() + "|" + start.getSubscriber().getClusterId() + "|" + start.getSubscriber().getServerId();
    }

    /** Publishers of open Subscribe calls, each woken by every commit. */
    public int openPublishers() {
        return publishers.size();
    }

    /** Events not yet sent, summed over every open subscription of this publisher. */
    public long outboxDepth() {
        return publishers.stream().mapToLong(LogPublisher::backlog).sum();
    }

    @Override
    public void digest(DigestRequest request, StreamObserver<DigestResponse> observer) {
        blocking.run(observer, () -> {
            observer.onNext(StateDigest.of(store.committed()));
            observer.onCompleted();
        });
    }
}

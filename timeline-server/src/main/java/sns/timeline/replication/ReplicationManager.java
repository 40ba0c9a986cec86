package sns.timeline.replication;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import sns.api.v1.ClusterMaster;
import sns.api.v1.ReplicationGrpc;
import sns.api.v1.ServerIdentity;
import sns.api.v1.SubscribeStart;
import sns.api.v1.SubscriptionKind;
import sns.api.v1.Topology;
import sns.api.v1.VersionVector;
import sns.timeline.role.RoleSnapshot;
import sns.timeline.role.RoleState;
import sns.timeline.role.ServerRole;
import sns.timeline.store.EventStore;

/**
 * Keeps the subscriptions this server should have (DESIGN §5.3), re-checked on a schedule and on
 * every role change: a slave subscribes to its master (dropping the stream when the epoch
 * moves); a master subscribes to every other cluster's master; and every anti-entropy interval
 * any server runs one bounded subscription (with a deadline) to a random live server of any
 * cluster. Channels notice dead connections by keepalive ({@link KeepAliveChannels}); a
 * subscription that fails is reopened by the next check.
 */
public final class ReplicationManager implements SmartLifecycle, Subscription.Listener {

    private static final Logger log = LoggerFactory.getLogger(ReplicationManager.class);

    private final EventStore store;
    private final RoleState role;
    private final ServerIdentity self;
    private final ClusterSecret secret;
    private final FutureEventGuard futureEvents;
    private final KeepAliveChannels channelFactory;
    private final Duration reconnectInterval;
    private final Duration antiEntropyInterval;
    private final Duration antiEntropyDeadline;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong antiEntropyRounds = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong antiEntropyRepairs = new java.util.concurrent.atomic.AtomicLong();
    private final List<Runnable> masterStreamEndedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<LongConsumer> ownEventsHeldByPeerListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;
    private final int batchesInFlight;

    public ReplicationManager(EventStore store, RoleState role, ServerIdentity self,
                              ClusterSecret secret, FutureEventGuard futureEvents, KeepAliveChannels channelFactory,
                              Duration reconnectInterval, Duration antiEntropyInterval,
                              Duration antiEntropyDeadline, int batchesInFlight) {
        this.store = store;
        this.role = role;
        this.self = self;
        this.secret = secret;
        this.futureEvents = futureEvents;
        this.channelFactory = channelFactory;
        this.reconnectInterval = reconnectInterval;
        this.antiEntropyInterval = antiEntropyInterval;
        this.antiEntropyDeadline = antiEntropyDeadline;
        this.batchesInFlight = batchesInFlight;
    }

    /** Ready as far as replication goes: a slave has caught up with its master; a master always is. */
    public boolean caughtUp() {
        RoleSnapshot snapshot = role.current();
        if (snapshot.role() == ServerRole.MASTER) {
            return true;
        }
        return subscriptions.values().stream()
                .anyMatch(s -> s.kind() == SubscriptionKind.SUBSCRIPTION_KIND_SLAVE && s.isCaughtUp() && !s.isEnded());
    }

    synchronized void reconcile() {
        RoleSnapshot snapshot = role.current();
        Map<String, SubscribeStart> wanted = new HashMap<>();
        Optional<Topology> topology = snapshot.topology();
        if (snapshot.role() == ServerRole.MASTER) {
            topology.ifPresent(t -> t.getOtherMastersList().forEach(master ->
                    wanted.put(key(SubscriptionKind.SUBSCRIPTION_KIND_CROSS_CLUSTER, master.getAddress(), 0),
                            start(SubscriptionKind.SUBSCRIPTION_KIND_CROSS_CLUSTER))));
        } else if (snapshot.role() == ServerRole.SLAVE && topology.isPresent() && topology.get().hasMaster()) {
            ClusterMaster master = topology.get().getMaster();
            if (!master.getServerUid().equals(self.getServerUid())) {
                wanted.put(key(SubscriptionKind.SUBSCRIPTION_KIND_SLAVE, master.getAddress(), master.getEpoch()),
                        start(SubscriptionKind.SUBSCRIPTION_KIND_SLAVE));
            }
        }
        subscriptions.entrySet().removeIf(entry -> {
            boolean keep = entry.getKey().startsWith(SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY.name())
                    ? !entry.getValue().isEnded()
                    : wanted.containsKey(entry.getKey()) && !entry.getValue().isEnded();
            if (!keep) {
                entry.getValue().cancel("no longer wanted");
            }
            return !keep;
        });
        wanted.forEach((key, start) -> subscriptions.computeIfAbsent(key, k -> connect(addressOf(k), start)));
    }

    private synchronized void antiEntropyRound() {
        List<String> candidates = new ArrayList<>();
        role.current().topology().ifPresent(t -> {
            t.getMembersList().stream().filter(m -> !m.getServerUid().equals(self.getServerUid()))
                    .forEach(m -> candidates.add(m.getAddress()));
            t.getOtherMastersList().forEach(m -> candidates.add(m.getAddress()));
        });
        if (candidates.isEmpty()) {
            return;
        }
        String target = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        String key = key(SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY, target, 0);
        if (!subscriptions.containsKey(key)) {
            antiEntropyRounds.incrementAndGet();
            subscriptions.put(key, connect(target, start(SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY)));
        }
    }

    private SubscribeStart start(SubscriptionKind kind) {
        return SubscribeStart.newBuilder()
                .setSubscriber(self)
                .setKind(kind)
                .setHave(VersionVectors.toProto(store.committed().versionVector()))
                .setEpochFence(store.meta().epochFence())
                .build();
    }

    private Subscription connect(String address, SubscribeStart start) {
        Subscription subscription = new Subscription(address, start, store, store.meta()::epochFence, futureEvents,
                this, batchesInFlight);
        ReplicationGrpc.ReplicationStub stub = ReplicationGrpc.newStub(channel(address))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret.header()));
        if (start.getKind() == SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY) {
            // A bounded round, even on a connection that hangs before keepalives can run.
            stub = stub.withDeadlineAfter(antiEntropyDeadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        stub.subscribe(subscription);
        subscription.open();
        log.debug("Subscribed ({}) to {} with {}", start.getKind(), address, start.getHave().getSeqsMap());
        return subscription;
    }

    public long antiEntropyRounds() {
        return antiEntropyRounds.get();
    }

    /** Events that only an anti-entropy round delivered. */
    public long antiEntropyRepairs() {
        return antiEntropyRepairs.get();
    }

    public int openSubscriptions() {
        return (int) subscriptions.values().stream().filter(s -> !s.isEnded()).count();
    }

    @Override
    public void applied(Subscription subscription, int newEvents) {
        if (subscription.kind() == SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY && newEvents > 0) {
            antiEntropyRepairs.addAndGet(newEvents);
            log.info("Anti-entropy with {} repaired {} missing events", subscription.target(), newEvents);
        }
    }

    @Override
    public void caughtUp(Subscription subscription, VersionVector publisherHas) {
        log.info("Caught up with {} ({})", subscription.target(), subscription.kind());
        long ownHeldThere = publisherHas.getSeqsOrDefault(self.getServerUid(), 0);
        if (ownHeldThere > 0) {
            ownEventsHeldByPeerListeners.forEach(listener -> listener.accept(ownHeldThere));
        }
    }

    /**
     * Hears, at each caught-up subscription, up to which seq the publisher durably holds this
     * server's own events. A demoted master needs it: it committed events it could not
     * acknowledge, and once a peer holds them no failover can lose them any more.
     */
    public void onOwnEventsHeldByPeer(LongConsumer listener) {
        ownEventsHeldByPeerListeners.add(listener);
    }

    /** Hears the end of this slave's stream from its master (the lock may have moved). */
    public void onMasterStreamEnded(Runnable listener) {
        masterStreamEndedListeners.add(listener);
    }

    @Override
    public void ended(Subscription subscription, Status status) {
        if (subscription.kind() == SubscriptionKind.SUBSCRIPTION_KIND_SLAVE && status.getCode() != Status.Code.CANCELLED) {
            masterStreamEndedListeners.forEach(Runnable::run);
        }
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            log.debug("Subscription ({}) to {} ended: {}", subscription.kind(), subscription.target(), status);
        } else if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
            log.info("Subscription ({}) to {} ended: {}", subscription.kind(), subscription.target(), status);
        }
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, channelFactory::open);
    }

    private static String key(SubscriptionKind kind, String address, long epoch) {
        return kind.name() + "|" + address + "|" + epoch;
    }

    private static String addressOf(String key) {
        return key.split("\\|")[1];
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replication");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reconcileSafely, 0, reconnectInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::antiEntropySafely, antiEntropyInterval.toMillis(),
                antiEntropyInterval.toMillis(), TimeUnit.MILLISECONDS);
        role.onChange(snapshot -> scheduler.execute(this::reconcileSafely));
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Replication reconcile failed", e);
        }
    }

    private void antiEntropySafely() {
        try {
            antiEntropyRound();
        } catch (RuntimeException e) {
            log.warn("Anti-entropy round failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        subscriptions.values().forEach(s -> s.cancel("shutting down"));
        subscriptions.clear();
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}

package sns.timeline.config;

import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.ServerIdentity;
import sns.timeline.api.AuthInterceptor;
import sns.timeline.api.BlockingCalls;
import sns.timeline.api.ClientMessageLimit;
import sns.timeline.api.ClientPathWarmup;
import sns.timeline.api.EpochHeader;
import sns.timeline.auth.PasswordHasher;
import sns.timeline.auth.TokenService;
import sns.timeline.auth.VerifiedTokenCache;
import sns.timeline.clock.MonotonicClock;
import sns.timeline.export.SeedExport;
import sns.timeline.live.LiveFeed;
import sns.timeline.replication.ClusterSecret;
import sns.timeline.replication.FutureEventGuard;
import sns.timeline.handover.GracefulHandover;
import sns.timeline.replication.InSyncTracker;
import sns.timeline.replication.KeepAliveChannels;
import sns.timeline.replication.ReplicationGrpcService;
import sns.timeline.replication.ReplicationManager;
import sns.timeline.role.AcknowledgedSeq;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.role.RoleState;
import sns.timeline.role.WriteDrain;
import sns.timeline.role.WriteGate;
import sns.timeline.social.SocialService;
import sns.timeline.store.EventStore;

/** Wires the timeline server; the time sources are beans so tests can replace them. */
@Configuration(proxyBeanMethods = false)
public class TimelineServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TimelineServerConfiguration.class);

    @Bean
    MonotonicClock monotonicClock() {
        return MonotonicClock.system();
    }

    @Bean
    InstantSource wallClock() {
        return InstantSource.system();
    }

    @Bean(destroyMethod = "close")
    EventStore eventStore(ServerProperties server, StoreProperties store, InstantSource wallClock) {
        return EventStore.open(server.storeDirectory(), wallClock, store.maxQueuedWrites());
    }

    @Bean
    RoleState roleState(MonotonicClock clock, EventStore store) {
        return new RoleState(clock::nanoTime, store.meta().epochFence());
    }

    @Bean
    ServerIdentity serverIdentity(ServerProperties server, EventStore store) {
        return ServerIdentity.newBuilder()
                .setClusterId(server.clusterId())
                .setServerId(server.serverId())
                .setAddress(server.advertisedAddress())
                .setServerUid(store.serverUid())
                .build();
    }

    @Bean
    InSyncTracker inSyncTracker(EventStore store, RoleState role, MonotonicClock clock,
                                ReplicationProperties replication) {
        String self = store.serverUid();
        InSyncTracker tracker = new InSyncTracker(self, () -> store.committed().versionVector(),
                clock::nanoTime, role::leaseValid, replication.ackTimeout(), replication.minInSync());
        role.onChange(tracker::roleChanged);
        role.onEveryAnswer(snapshot -> snapshot.topology().ifPresent(tracker::recordConfirmed));
        return tracker;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService inSyncDeadlines(InSyncTracker inSync, ReplicationProperties replication) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "in-sync-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        long every = replication.deadlineCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(inSync::checkDeadlines, every, every, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    @Bean
    AcknowledgedSeq acknowledgedSeq(EventStore store) {
        return new AcknowledgedSeq(store.committed().highestContiguousSeq(store.serverUid()));
    }

    @Bean
    WriteGate writeGate(RoleState role, EventStore store, TimelineProperties timeline, MeterRegistry meters,
                        InSyncTracker inSync, AcknowledgedSeq acknowledged, WriteDrain drain) {
        Timer latency = Timer.builder("sns.timeline.write.latency")
                .description("Client writes from the lease check to the synced commit on every in-sync replica")
                .publishPercentileHistogram()
                .register(meters);
        return new WriteGate(role, store, timeline.commitTimeout(), latency, inSync, acknowledged, drain);
    }

    @Bean
    WriteDrain writeDrain() {
        return new WriteDrain();
    }

    @Bean
    ClusterSecret clusterSecret(SecurityProperties security) {
        return new ClusterSecret(security.clusterSecret());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService publisherExecutor() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "replication-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    FutureEventGuard futureEventGuard(InstantSource wallClock, HlcProperties hlc, MeterRegistry meters) {
        return new FutureEventGuard(wallClock, hlc.maxSkew(), Counter.builder("sns.replication.future.events.refused")
                .description("Replicated events refused (for now) because their HLC is further ahead of this "
                        + "server's clock than sns.hlc.max-skew")
                .register(meters));
    }

    @Bean
    ReplicationManager replicationManager(EventStore store, RoleState role, ServerIdentity self, ClusterSecret secret,
                                          FutureEventGuard futureEvents, ReplicationProperties replication,
                                          ServerProperties server, AcknowledgedSeq acknowledged) {
        ReplicationManager manager = new ReplicationManager(store, role, self, secret, futureEvents,
                keepAliveChannels(replication, server), replication.reconnectInterval(), replication.antiEntropyInterval(),
                replication.antiEntropyDeadline(), replication.batchesInFlight());
        manager.onOwnEventsHeldByPeer(acknowledged::advanceTo);
        return manager;
    }

    private static KeepAliveChannels keepAliveChannels(ReplicationProperties replication, ServerProperties server) {
        return new KeepAliveChannels(replication.keepAliveTime(), replication.keepAliveTimeout(),
                Optional.ofNullable(server.localAddress()).filter(address -> !address.isBlank()));
    }

    @Bean
    PasswordHasher passwordHasher() {
        return new PasswordHasher();
    }

    @Bean
    TokenService tokenService(SecurityProperties security, InstantSource wallClock) {
        if (security.usesDevelopmentSecrets()) {
            log.warn("*** USING THE BUILT-IN DEVELOPMENT SECRETS: anyone can forge tokens and events. Set "
                    + "SNS_SECURITY_TOKEN_SECRET and SNS_SECURITY_CLUSTER_SECRET (>= 32 bytes each). ***");
        }
        return new TokenService(security.tokenSecret().getBytes(StandardCharsets.UTF_8), security.tokenTtl(),
                wallClock);
    }

    @Bean
    AuthInterceptor authInterceptor(TokenService tokens, InstantSource wallClock, SecurityProperties security) {
        return new AuthInterceptor(new VerifiedTokenCache(tokens, wallClock, security.verifiedTokenCacheSize()));
    }

    @Bean
    ClientPathWarmup clientPathWarmup(TokenService tokens, TimelineProperties timeline) {
        return new ClientPathWarmup(tokens, timeline.warmupRounds());
    }

    /** Handlers run on gRPC's transport threads; the few that block go to {@link BlockingCalls}. */
    @Bean
    GrpcServerConfigurer handlersOnTransportThreads() {
        return ServerBuilder::directExecutor;
    }

    @Bean(destroyMethod = "close")
    BlockingCalls blockingCalls(TimelineProperties timeline) {
        return new BlockingCalls(timeline.blockingCallThreads());
    }

    @Bean
    ClientMessageLimit clientMessageLimit() {
        return new ClientMessageLimit();
    }

    @Bean
    EpochHeader epochHeader(RoleState role) {
        return new EpochHeader(() -> role.current().epoch());
    }

    @Bean
    SocialService socialService(EventStore store, WriteGate gate, PasswordHasher passwords, TokenService tokens,
                                AcknowledgedSeq acknowledged) {
        return new SocialService(store, gate, passwords, tokens, acknowledged);
    }

    @Bean(destroyMethod = "close")
    LiveFeed liveFeed(SocialService social, EventStore store, AcknowledgedSeq acknowledged) {
        LiveFeed feed = new LiveFeed(social);
        store.onCommitted(feed::onCommitted);
        acknowledged.onAdvance(feed::acknowledgedUpTo);
        return feed;
    }

    @Bean
    SeedExport seedExport(EventStore store, SocialService social) {
        return new SeedExport(store, social);
    }

    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel coordinatorChannel(CoordinatorProperties coordinator, ReplicationProperties replication,
                                      ServerProperties server) {
        return keepAliveChannels(replication, server).open(coordinator.address());
    }

    /** The coordinator's server-only calls (Heartbeat, HandOver) carry the cluster secret. */
    @Bean
    CoordinatorGrpc.CoordinatorBlockingStub coordinatorStub(ManagedChannel coordinatorChannel, ClusterSecret secret) {
        return CoordinatorGrpc.newBlockingStub(coordinatorChannel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret.header()));
    }

    @Bean
    HeartbeatLoop heartbeatLoop(CoordinatorGrpc.CoordinatorBlockingStub coordinatorStub,
                                ManagedChannel coordinatorChannel, ServerIdentity identity,
                                EventStore store, RoleState role, InSyncTracker inSync,
                                ReplicationManager replication, MonotonicClock clock, InstantSource wallClock,
                                CoordinatorProperties coordinator, HlcProperties hlc) {
        HeartbeatLoop loop = new HeartbeatLoop(coordinatorStub, () -> identity, store.meta(),
                role, inSync::proposed, replication::caughtUp, clock::nanoTime, wallClock,
                coordinator.heartbeatInterval(), hlc.maxSkew(), coordinatorChannel::resetConnectBackoff);
        replication.onMasterStreamEnded(loop::masterStreamEnded);
        return loop;
    }

    @Bean
    GracefulHandover gracefulHandover(RoleState role, WriteDrain drain, InSyncTracker inSync, HeartbeatLoop heartbeat,
                                      EventStore store, ServerIdentity identity,
                                      CoordinatorGrpc.CoordinatorBlockingStub coordinatorStub,
                                      ReplicationGrpcService replicationService, HandoverProperties handover) {
        return new GracefulHandover(role, drain, inSync, heartbeat, store.meta(), identity, coordinatorStub,
                replicationService::endSlaveStreams, handover);
    }
}

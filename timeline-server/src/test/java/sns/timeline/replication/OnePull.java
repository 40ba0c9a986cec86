package sns.timeline.replication;

import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import sns.api.v1.ReplicationGrpc;
import sns.api.v1.ServerIdentity;
import sns.api.v1.SubscribeStart;
import sns.api.v1.SubscriptionKind;
import sns.api.v1.VersionVector;
import sns.timeline.config.SecurityProperties;
import sns.timeline.store.EventStore;
import sns.timeline.testing.LocalCluster.ServerNode;

/** A store outside any server subscribes once to a real server, as a server of cluster 1 would. */
final class OnePull {

    private OnePull() {}

    /** One subscription of a store to a server, until it ends; returns how it ended. */
    static Status pull(ServerNode publisher, EventStore subscriber, SubscriptionKind kind) {
        return pull(publisher, subscriber, kind, new FutureEventGuard(java.time.InstantSource.system(),
                java.time.Duration.ofMillis(250), new SimpleMeterRegistry().counter("refused")));
    }

    /** The same with the guard against future timestamps that the subscriber should use. */
    static Status pull(ServerNode publisher, EventStore subscriber, SubscriptionKind kind,
                       FutureEventGuard futureEvents) {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        Subscription.Listener listener = new Subscription.Listener() {
            @Override
            public void caughtUp(Subscription subscription, VersionVector publisherHas) {
                if (kind == SubscriptionKind.SUBSCRIPTION_KIND_SLAVE) {
                    subscription.cancel("caught up");
                }
            }

            @Override
            public void ended(Subscription subscription, Status status) {
                ended.complete(status);
            }
        };
        SubscribeStart start = SubscribeStart.newBuilder()
                .setSubscriber(ServerIdentity.newBuilder().setClusterId(1).setServerId(9).setAddress("localhost:9")
                        .setServerUid(subscriber.serverUid()))
                .setKind(kind)
                .setEpochFence(subscriber.meta().epochFence())
                .build();
        Subscription subscription = new Subscription(publisher.address(), start, subscriber,
                subscriber.meta()::epochFence, futureEvents, listener, 4);
        ReplicationGrpc.newStub(publisher.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                        new ClusterSecret(SecurityProperties.DEV_CLUSTER_SECRET).header()))
                .subscribe(subscription);
        subscription.open();
        return ended.orTimeout(20, TimeUnit.SECONDS).join();
    }

}

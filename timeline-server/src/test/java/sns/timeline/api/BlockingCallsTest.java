package sns.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sns.timeline.testing.Clients.as;
import static sns.timeline.testing.Clients.asyncAs;
import static sns.timeline.testing.Clients.key;
import static sns.timeline.testing.Clients.signUp;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sns.api.v1.FollowRequest;
import sns.api.v1.FollowResponse;
import sns.api.v1.ListRequest;
import sns.api.v1.ListResponse;
import sns.timeline.auth.TokenService;
import sns.timeline.store.EventStore;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/**
 * Handlers run on gRPC's transport threads, one of which serves a whole connection: calls that
 * wait (here follows waiting for a slave whose disk is stuck) must not hold it, or every other
 * call on that connection would wait with them.
 */
class BlockingCallsTest extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int WAITING_FOLLOWS = 4;

    @Test
    void callsThatWaitForAWriteDoNotHoldUpOtherCallsOnTheSameConnection() throws Exception {
        cluster = new LocalCluster(data, 1, "--sns.replication.ack-timeout=60s", "--sns.timeline.commit-timeout=30s");
        var pair = cluster.startMasterAndInSyncSlave(1);
        ServerNode master = pair.master();
        String readerToken = signUp(master, "reader");
        List<String> authors = new ArrayList<>();
        for (int i = 0; i < WAITING_FOLLOWS; i++) {
            authors.add("author_" + i);
            signUp(master, authors.get(i));
        }

        CountDownLatch slaveDiskStuck = new CountDownLatch(1);
        pair.slave().bean(EventStore.class).write(tx -> {
            awaitQuietly(slaveDiskStuck);
            return null;
        });
        List<CompletableFuture<FollowResponse>> follows = new ArrayList<>();
        try {
            for (String author : authors) {
                CompletableFuture<FollowResponse> follow = new CompletableFuture<>();
                asyncAs(master, readerToken).follow(FollowRequest.newBuilder().setUsername(author)
                        .setIdempotencyKey(key()).build(), completing(follow));
                follows.add(follow);
            }
            EventStore masterStore = master.bean(EventStore.class);
            String readerId = master.bean(TokenService.class).verify(readerToken).userId();
            await().atMost(WAIT).until(() -> masterStore.committed().following(readerId).size() == WAITING_FOLLOWS);

            ListResponse list = as(master, readerToken).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .list(ListRequest.getDefaultInstance());

            assertThat(list.getAllUsersList()).contains("reader");
            assertThat(follows).as("still waiting for the slave").noneMatch(CompletableFuture::isDone);
        } finally {
            slaveDiskStuck.countDown();
        }
        CompletableFuture.allOf(follows.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <T> StreamObserver<T> completing(CompletableFuture<T> future) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                future.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

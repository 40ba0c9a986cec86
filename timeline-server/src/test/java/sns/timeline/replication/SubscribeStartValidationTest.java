package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import sns.api.v1.ReplicationGrpc;
import sns.api.v1.ServerIdentity;
import sns.api.v1.SubscribeRequest;
import sns.api.v1.SubscribeResponse;
import sns.api.v1.SubscribeStart;
import sns.api.v1.SubscriptionKind;
import sns.timeline.config.SecurityProperties;
import sns.timeline.testing.OneServerTest;

/** A Subscribe with the cluster secret but a start that can never be right is refused, and quietly. */
class SubscribeStartValidationTest extends OneServerTest {

    private static final SubscribeStart GOOD = SubscribeStart.newBuilder()
            .setSubscriber(ServerIdentity.newBuilder().setClusterId(1).setServerId(7)
                    .setAddress("localhost:1").setServerUid("uid-subscriber"))
            .setKind(SubscriptionKind.SUBSCRIPTION_KIND_ANTI_ENTROPY)
            .build();

    private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    static void start() {
        startServer();
    }

    @BeforeEach
    void captureErrors() {
        errors.start();
        root.addAppender(errors);
    }

    @AfterEach
    void releaseErrors() {
        root.detachAppender(errors);
    }

    @Test
    void aWellFormedStartGetsAStream() {
        assertThat(firstAnswer(GOOD).join().hasHello()).isTrue();
    }

    @Test
    void malformedStartsGetInvalidArgument() {
        assertRefused(GOOD.toBuilder().clearSubscriber().build(), "subscriber");
        assertRefused(GOOD.toBuilder().setKind(SubscriptionKind.SUBSCRIPTION_KIND_UNSPECIFIED).build(), "kind");
        assertRefused(withSubscriberCluster(99), "cluster");
        assertRefused(withSubscriberCluster(0), "cluster");
        assertRefused(withSubscriberCluster(-1), "cluster");
        assertRefused(GOOD.toBuilder().setSubscriber(GOOD.getSubscriber().toBuilder().setServerId(0)).build(),
                "server id");
        assertRefused(GOOD.toBuilder().setEpochFence(-1).build(), "epoch fence");
    }

    @Test
    void aHalfCloseAfterTheServerClosedLogsNoError() {
        for (int attempt = 0; attempt < 5; attempt++) {
            CompletableFuture<Status> closed = new CompletableFuture<>();
            StreamObserver<SubscribeRequest> requests = stub().subscribe(new StreamObserver<>() {
                @Override
                public void onNext(SubscribeResponse response) {}

                @Override
                public void onError(Throwable t) {
                    closed.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    closed.complete(Status.OK);
                }
            });
            requests.onNext(SubscribeRequest.newBuilder().setStart(GOOD.toBuilder().setEpochFence(1_000_000)
                    .setKind(SubscriptionKind.SUBSCRIPTION_KIND_SLAVE)).build());
            requests.onCompleted();
            assertThat(closed.orTimeout(10, TimeUnit.SECONDS).join().getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION);
        }
        assertThat(firstAnswer(GOOD).join().hasHello()).as("the server still serves").isTrue();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> errorsLogged() == 0);
    }

    private long errorsLogged() {
        return errors.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).count();
    }

    private static SubscribeStart withSubscriberCluster(int cluster) {
        return GOOD.toBuilder().setSubscriber(GOOD.getSubscriber().toBuilder().setClusterId(cluster)).build();
    }

    private void assertRefused(SubscribeStart start, String messagePart) {
        CompletableFuture<SubscribeResponse> answer = firstAnswer(start);
        assertThat(answer).as(start.toString()).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .satisfies(e -> {
                    Status status = Status.fromThrowable(e.getCause());
                    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).contains(messagePart);
                });
    }

    /** The publisher's first message, or its error. */
    private CompletableFuture<SubscribeResponse> firstAnswer(SubscribeStart start) {
        CompletableFuture<SubscribeResponse> first = new CompletableFuture<>();
        StreamObserver<SubscribeRequest> requests = stub().subscribe(new StreamObserver<>() {
            @Override
            public void onNext(SubscribeResponse response) {
                first.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                first.completeExceptionally(new IllegalStateException("closed without an answer"));
            }
        });
        requests.onNext(SubscribeRequest.newBuilder().setStart(start).build());
        first.whenComplete((response, failure) -> {
            if (failure == null) {
                requests.onError(Status.CANCELLED.asRuntimeException());
            }
        });
        return first;
    }

    private static ReplicationGrpc.ReplicationStub stub() {
        Metadata secret = new Metadata();
        secret.put(Metadata.Key.of("x-sns-cluster-secret", Metadata.ASCII_STRING_MARSHALLER),
                SecurityProperties.DEV_CLUSTER_SECRET);
        return ReplicationGrpc.newStub(server.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret));
    }
}

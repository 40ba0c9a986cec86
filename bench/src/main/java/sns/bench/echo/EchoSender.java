package sns.bench.echo;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import sns.api.v1.PostRequest;
import sns.bench.load.OutcomeObserver;
import sns.bench.load.Sender;

/** Sends echo calls carrying a post-sized message, through the same load drivers as posts. */
public final class EchoSender implements Sender {

    private final ManagedChannel channel;
    private final PostRequest message;

    public EchoSender(ManagedChannel channel, PostRequest message) {
        this.channel = channel;
        this.message = message;
    }

    /**
     * One blocking call before anything is measured: the first call of a fresh JVM pair (class
     * loading, connection set-up) can outlast a short warm-up on a loaded machine.
     */
    public void warmUp() {
        ClientCalls.blockingUnaryCall(channel, EchoService.ECHO, CallOptions.DEFAULT.withDeadlineAfter(60,
                TimeUnit.SECONDS), message);
    }

    @Override
    public void send(long n, long intendedStartNanos, Consumer<Status.Code> done) {
        ClientCalls.asyncUnaryCall(channel.newCall(EchoService.ECHO, CallOptions.DEFAULT
                .withDeadlineAfter(10, TimeUnit.SECONDS)), message, new OutcomeObserver<>(done));
    }
}

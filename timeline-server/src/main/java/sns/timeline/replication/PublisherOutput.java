package sns.timeline.replication;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import sns.api.v1.SubscribeResponse;

/**
 * The response side of one Subscribe call. It closes at most once, whoever closes first: the
 * publisher at the end of a bounded round, a refused start, or the subscriber's half-close; a
 * later close is a no-op instead of gRPC's "call already closed".
 */
final class PublisherOutput {

    private final ServerCallStreamObserver<SubscribeResponse> call;
    private boolean closed;

    PublisherOutput(ServerCallStreamObserver<SubscribeResponse> call) {
        this.call = call;
    }

    synchronized boolean isReady() {
        return !closed && call.isReady();
    }

    synchronized void send(SubscribeResponse response) {
        if (!closed) {
            call.onNext(response);
        }
    }

    synchronized void complete() {
        if (!closed) {
            closed = true;
            call.onCompleted();
        }
    }

    synchronized void fail(Status status) {
        if (!closed) {
            closed = true;
            call.onError(status.asRuntimeException());
        }
    }
}

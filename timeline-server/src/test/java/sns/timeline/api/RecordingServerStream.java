package sns.timeline.api;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import sns.api.v1.TimelineResponse;

/** The server's end of a Timeline stream whose client reads at once: records every message sent. */
final class RecordingServerStream extends ServerCallStreamObserver<TimelineResponse> {

    private final List<TimelineResponse> sent = new CopyOnWriteArrayList<>();
    private volatile Throwable error;

    List<TimelineResponse> sent() {
        return List.copyOf(sent);
    }

    Throwable error() {
        return error;
    }

    @Override
    public void onNext(TimelineResponse value) {
        sent.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
    }

    @Override
    public void onCompleted() {
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {
    }

    @Override
    public void setCompression(String compression) {
    }

    @Override
    public void disableAutoInboundFlowControl() {
    }

    @Override
    public void request(int count) {
    }

    @Override
    public void setMessageCompression(boolean enable) {
    }
}

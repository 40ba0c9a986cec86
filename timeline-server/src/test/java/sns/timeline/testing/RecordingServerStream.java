package sns.timeline.testing;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The server's end of a stream whose client reads at once: records every message sent. */
public final class RecordingServerStream<T> extends ServerCallStreamObserver<T> {

    private final List<T> sent = new CopyOnWriteArrayList<>();
    private volatile Throwable error;
    private volatile boolean ready = true;

    public List<T> sent() {
        return List.copyOf(sent);
    }

    public Throwable error() {
        return error;
    }

    @Override
    public void onNext(T value) {
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
        return ready;
    }

    /** What {@link #isReady()} answers from now on, as if the client stopped (or resumed) reading. */
    public void setReady(boolean ready) {
        this.ready = ready;
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

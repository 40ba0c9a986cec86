package sns.bench.load;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;

/** Turns the answer of an async unary call into the outcome a {@link Sender} reports: OK or the status code. */
public final class OutcomeObserver<T> implements StreamObserver<T> {

    private final Consumer<Status.Code> done;

    public OutcomeObserver(Consumer<Status.Code> done) {
        this.done = done;
    }

    @Override
    public void onNext(T value) {
    }

    @Override
    public void onError(Throwable t) {
        done.accept(Status.fromThrowable(t).getCode());
    }

    @Override
    public void onCompleted() {
        done.accept(Status.Code.OK);
    }
}

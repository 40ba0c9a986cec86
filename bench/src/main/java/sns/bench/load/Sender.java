package sns.bench.load;

import io.grpc.Status;
import java.util.function.Consumer;

/** Sends request number {@code n} asynchronously and reports its outcome exactly once. */
@FunctionalInterface
public interface Sender {

    /**
     * @param n running number of the request
     * @param intendedStartNanos when the schedule meant it to start (ticker time)
     * @param done called once with the outcome (OK or the failure) from any thread
     */
    void send(long n, long intendedStartNanos, Consumer<Status.Code> done);
}

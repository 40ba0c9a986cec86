package sns.timeline.api;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC server runs handlers on its transport threads ({@code directExecutor}): a hand-off to
 * another thread per call costs more CPU than most handlers on 2 cores. Handlers that block (a
 * BCrypt hash, waiting for a synced and replicated write, a whole-state scan) must not hold a
 * transport thread, which serves many connections: they run here instead, in the caller's gRPC
 * context (its deadline, cancellation and authenticated token). A call whose caller has given up
 * by the time a thread is free is not run.
 */
public final class BlockingCalls implements AutoCloseable {

    private final ExecutorService executor;

    public BlockingCalls(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "grpc-blocking-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code call}, which answers {@code observer}, on a blocking-call thread. */
    public void run(StreamObserver<?> observer, Runnable call) {
        Context context = Context.current();
        try {
            executor.execute(context.wrap(() -> {
                if (!context.isCancelled()) {
                    call.run();
                }
            }));
        } catch (RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException());
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}

package sns.bench.workload;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sns.api.v1.TimelineOpen;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;

/** Followers holding live Timeline streams on their home masters; every arriving post goes to {@link FanOut}. */
public final class LiveStreams implements AutoCloseable {

    private final List<ClientCallStreamObserver<TimelineRequest>> open = new ArrayList<>();
    private final FanOut fanOut;

    public LiveStreams(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /** Opens a stream per holder and waits until each is live; returns how many became live in time. */
    public synchronized long open(List<BenchUser> holders, Duration timeout) throws InterruptedException {
        CountDownLatch live = new CountDownLatch(holders.size());
        long[] failed = new long[1];
        for (BenchUser holder : holders) {
            holder.async().timeline(new ClientResponseObserver<TimelineRequest, TimelineResponse>() {
                private boolean isLive;

                @Override
                public void beforeStart(ClientCallStreamObserver<TimelineRequest> requests) {
                    synchronized (LiveStreams.this) {
                        open.add(requests);
                    }
                }

                @Override
                public void onNext(TimelineResponse response) {
                    if (response.hasPost()) {
                        fanOut.arrived(response.getPost().getText(), holder.cluster(), System.nanoTime());
                    } else if (response.hasLive() && !isLive) {
                        isLive = true;
                        live.countDown();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    Status.Code code = Status.fromThrowable(t).getCode();
                    if (code != Status.Code.CANCELLED) {
                        fanOut.streamFailed(code.name());
                    }
                    if (!isLive) {
                        synchronized (failed) {
                            failed[0]++;
                        }
                        live.countDown();
                    }
                }

                @Override
                public void onCompleted() {
                }
            }).onNext(TimelineRequest.newBuilder().setOpen(TimelineOpen.getDefaultInstance()).build());
        }
        live.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (failed) {
            return holders.size() - live.getCount() - failed[0];
        }
    }

    @Override
    public synchronized void close() {
        open.forEach(stream -> stream.cancel("bench over", null));
    }
}

package sns.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void keepsExactlyConcurrencyRequestsInFlight() throws Exception {
        List<Consumer<Status.Code>> pending = new ArrayList<>();
        Sender neverAnswers = (n, intended, done) -> pending.add(done);
        Window window = Window.after(ticker, Duration.ZERO, Duration.ofMillis(100));

        PhaseRecording recording = new ClosedLoop(ticker, Duration.ZERO).run(neverAnswers, 3, window);

        assertThat(pending).hasSize(3);
        assertThat(recording.errors()).containsEntry(OpenLoop.NO_ANSWER, 3L);
    }

    @Test
    void eachAnswerSendsTheNextEvenWhenAnsweredSynchronously() throws Exception {
        // 1 ms per call, 2 in flight, 1 s: a thousand nested answers must not recurse
        Sender oneMilli = (n, intended, done) -> {
            ticker.advanceMillis(1);
            done.accept(Status.Code.OK);
        };
        Window window = Window.after(ticker, Duration.ZERO, Duration.ofSeconds(1));

        PhaseRecording recording = new ClosedLoop(ticker, Duration.ZERO).run(oneMilli, 2, window);

        assertThat(recording.latency().getTotalCount()).isBetween(999L, 1001L);
        assertThat(recording.latency().getMaxValue()).isBetween(999L, 1001L); // 1 ms, from the actual start
        assertThat(recording.errors()).isEmpty();
    }
}

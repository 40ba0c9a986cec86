package sns.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void aStalledSenderShowsInTheLatencyOfEveryPostDueDuringTheStall() throws Exception {
        // 1,000 posts/s: one due every ms. Sending post 3 stalls the sender for 100 ms; every
        // answer is immediate. Measured from the actual send, only post 3 would look slow.
        Sender stallsOnce = (n, intended, done) -> {
            if (n == 3) {
                ticker.advanceMillis(100);
            }
            done.accept(Status.Code.OK);
        };
        Window window = Window.after(ticker, Duration.ZERO, Duration.ofMillis(200));

        PhaseRecording recording = new OpenLoop(ticker, 1_000, Duration.ZERO).run(stallsOnce, 1_000, window);

        assertThat(recording.latency().getTotalCount()).isEqualTo(200);
        assertThat(recording.latency().getMaxValue()).isBetween(99_900L, 100_100L); // post 3: 100 ms
        // posts 3..53 were due at least 50 ms before the stall ended
        assertThat(recording.latency().getCountBetweenValues(49_950, 200_000)).isEqualTo(51);
        // post 4, due 1 ms after post 3, waited 99 ms
        assertThat(recording.latency().getCountBetweenValues(98_900, 99_100)).isEqualTo(1);
    }

    @Test
    void warmUpIsSentButNotCounted() throws Exception {
        List<Long> sent = new ArrayList<>();
        Sender answersAtOnce = (n, intended, done) -> {
            sent.add(n);
            done.accept(Status.Code.OK);
        };
        Window window = Window.after(ticker, Duration.ofMillis(50), Duration.ofMillis(100));

        PhaseRecording recording = new OpenLoop(ticker, 1_000, Duration.ZERO).run(answersAtOnce, 1_000,
                window);

        assertThat(sent).hasSize(150);
        assertThat(recording.latency().getTotalCount()).isEqualTo(100);
        assertThat(recording.acknowledgedPerSecond()).isEqualTo(1_000.0);
    }

    @Test
    void postsBeyondTheInFlightLimitAndUnansweredPostsAreErrorsNotSilentlyDelayed() throws Exception {
        List<Consumer<Status.Code>> pending = new ArrayList<>();
        Sender neverAnswers = (n, intended, done) -> pending.add(done);
        Window window = Window.after(ticker, Duration.ZERO, Duration.ofMillis(10));

        PhaseRecording recording = new OpenLoop(ticker, 4, Duration.ZERO).run(neverAnswers, 1_000, window);

        assertThat(pending).hasSize(4);
        assertThat(recording.errors()).containsEntry(OpenLoop.NOT_SENT, 6L).containsEntry(OpenLoop.NO_ANSWER, 4L);
        assertThat(recording.latency().getTotalCount()).isZero();
    }

    @Test
    void failuresAreCountedByStatus() throws Exception {
        Sender failsOddPosts = (n, intended, done) -> done.accept(n % 2 == 1 ? Status.Code.UNAVAILABLE
                : Status.Code.OK);
        Window window = Window.after(ticker, Duration.ZERO, Duration.ofMillis(10));

        PhaseRecording recording = new OpenLoop(ticker, 100, Duration.ZERO).run(failsOddPosts, 1_000, window);

        assertThat(recording.errors()).containsExactly(java.util.Map.entry("UNAVAILABLE", 5L));
        assertThat(recording.acknowledgedInWindow()).isEqualTo(5);
    }
}

package sns.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FindMaxTest {

    private final AtomicLong clock = new AtomicLong();

    /** Runs the search against a system whose p99 passes 50 ms above {@code capacity} posts/s. */
    private List<Double> search(FindMax findMax, double capacity) {
        List<Double> tried = new ArrayList<>();
        for (OptionalDouble rate = findMax.nextRate(); rate.isPresent(); rate = findMax.nextRate()) {
            double r = rate.getAsDouble();
            tried.add(r);
            findMax.record(r, Math.min(r, capacity), r <= capacity ? 10 : 400, 0);
        }
        return tried;
    }

    @Test
    void growsUntilTheP99LimitIsPassedThenBisectsAndReportsTheHighestRateThatHeld() {
        FindMax findMax = new FindMax(100, 2, 6, 50, clock::get, Long.MAX_VALUE);

        List<Double> tried = search(findMax, 500);

        assertThat(tried).hasSize(6).startsWith(100.0, 200.0, 400.0, 800.0);
        assertThat(tried.get(4)).isCloseTo(Math.sqrt(400 * 800), org.assertj.core.data.Offset.offset(0.01));
        assertThat(findMax.highestHeld()).isGreaterThan(400).isLessThanOrEqualTo(500);
        assertThat(findMax.steps()).filteredOn(FindMax.Step::held).allMatch(step -> step.rate() <= 500);
    }

    @Test
    void errorsFailAStepEvenWithLowLatency() {
        FindMax findMax = new FindMax(100, 2, 2, 50, clock::get, Long.MAX_VALUE);

        findMax.record(100, 100, 1, 0);
        FindMax.Step step = findMax.record(200, 199, 1, 1);

        assertThat(step.held()).isFalse();
        assertThat(findMax.highestHeld()).isEqualTo(100);
        assertThat(findMax.nextRate()).isEmpty();
    }

    @Test
    void whenTheFirstRateFailsItHalvesUntilOneHolds() {
        FindMax findMax = new FindMax(1000, 1.5, 4, 50, clock::get, Long.MAX_VALUE);

        List<Double> tried = search(findMax, 300);

        assertThat(tried).startsWith(1000.0, 500.0, 250.0);
        assertThat(findMax.highestHeld()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void reportsZeroWhenNothingHeld() {
        FindMax findMax = new FindMax(1000, 1.5, 3, 50, clock::get, Long.MAX_VALUE);

        search(findMax, 10);

        assertThat(findMax.steps()).hasSize(3).noneMatch(FindMax.Step::held);
        assertThat(findMax.highestHeld()).isZero();
    }

    @Test
    void stopsRatherThanHalveBelowOnePostPerSecond() {
        FindMax findMax = new FindMax(3, 1.5, 10, 50, clock::get, Long.MAX_VALUE);

        List<Double> tried = search(findMax, 0);

        assertThat(tried).containsExactly(3.0, 1.5);
        assertThat(findMax.highestHeld()).isZero();
    }

    @Test
    void stopsWhenItsTimeBudgetIsSpent() {
        FindMax findMax = new FindMax(100, 2, 100, 50, clock::get, 30);

        findMax.record(100, 100, 1, 0);
        clock.set(29);
        assertThat(findMax.nextRate()).hasValue(200);
        findMax.record(200, 200, 1, 0);
        clock.set(30);

        assertThat(findMax.nextRate()).isEmpty();
        assertThat(findMax.highestHeld()).isEqualTo(200);
    }
}

package sns.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The saturation search's stopping rule. Rates grow geometrically from {@code startRate} while
 * each step holds (ack p99 within the limit and no errors); after the first failing step the
 * search bisects (geometric mean) between the highest rate that held and the lowest that failed.
 * If the very first rate fails it halves until one holds. It stops after {@code maxSteps} steps,
 * once {@code budgetNanos} has passed, or when the next rate would be below {@value #MIN_RATE}
 * post/s, and reports the highest rate that held (0 if none did).
 */
public final class FindMax {

    /** Below one post per second a step of a few seconds measures next to nothing. */
    static final double MIN_RATE = 1.0;

    /** One step's verdict. */
    public record Step(double rate, double acknowledgedPerSecond, double p99Millis, long errors, boolean held) {
    }

    private final double growth;
    private final int maxSteps;
    private final double p99LimitMillis;
    private final LongSupplier ticker;
    private final long deadlineNanos;
    private final List<Step> steps = new ArrayList<>();
    private double nextRate;
    private double highestHeld;
    private double lowestFailed = Double.POSITIVE_INFINITY;

    public FindMax(double startRate, double growth, int maxSteps, double p99LimitMillis, LongSupplier ticker,
                   long budgetNanos) {
        if (startRate <= 0 || growth <= 1 || maxSteps < 1) {
            throw new IllegalArgumentException("need startRate > 0, growth > 1, maxSteps >= 1");
        }
        this.nextRate = startRate;
        this.growth = growth;
        this.maxSteps = maxSteps;
        this.p99LimitMillis = p99LimitMillis;
        this.ticker = ticker;
        this.deadlineNanos = ticker.getAsLong() + budgetNanos;
    }

    /** The rate to try next, or empty when the search is over. */
    public OptionalDouble nextRate() {
        if (steps.size() >= maxSteps || ticker.getAsLong() >= deadlineNanos || nextRate < MIN_RATE) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(nextRate);
    }

    /** Records the outcome of running {@code rate}; returns the verdict. */
    public Step record(double rate, double acknowledgedPerSecond, double p99Millis, long errors) {
        boolean held = errors == 0 && p99Millis <= p99LimitMillis;
        Step step = new Step(rate, acknowledgedPerSecond, p99Millis, errors, held);
        steps.add(step);
        if (held) {
            highestHeld = Math.max(highestHeld, rate);
        } else {
            lowestFailed = Math.min(lowestFailed, rate);
        }
        if (lowestFailed == Double.POSITIVE_INFINITY) {
            nextRate = highestHeld * growth;
        } else if (highestHeld == 0) {
            nextRate = lowestFailed / 2;
        } else {
            nextRate = Math.sqrt(highestHeld * lowestFailed);
        }
        return step;
    }

    public double highestHeld() {
        return highestHeld;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }
}

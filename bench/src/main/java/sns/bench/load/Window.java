package sns.bench.load;

/** The measured window of a phase, in ticker nanos: warm-up before {@code startNanos} is excluded. */
public record Window(long startNanos, long endNanos) {

    /** The window that starts after {@code warmup} from now and lasts {@code measured}. */
    public static Window after(Ticker ticker, java.time.Duration warmup, java.time.Duration measured) {
        long start = ticker.nanoTime() + warmup.toNanos();
        return new Window(start, start + measured.toNanos());
    }

    public boolean contains(long nanos) {
        return nanos >= startNanos && nanos < endNanos;
    }

    public double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}

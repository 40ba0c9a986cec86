package sns.timeline.clock;

/** Nanoseconds from an arbitrary origin; leases are measured with it, never with wall time. */
@FunctionalInterface
public interface MonotonicClock {

    long nanoTime();

    static MonotonicClock system() {
        return System::nanoTime;
    }
}

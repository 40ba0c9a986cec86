package sns.coordinator.time;

/**
 * A monotonic ticker in nanoseconds. Leases and deaths are measured with it, never with wall
 * time, so a wall-clock jump cannot kill or resurrect a server. Tests inject a manual one.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    static MonotonicClock system() {
        return System::nanoTime;
    }
}

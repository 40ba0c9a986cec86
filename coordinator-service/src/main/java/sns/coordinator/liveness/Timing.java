package sns.coordinator.liveness;

import java.time.Duration;

/**
 * The timing contract between coordinator and servers: a server is dead when
 * {@code now - lastReceipt > missedHeartbeats x interval}; a master's lease is a fraction of
 * that, so a lease always runs out before its holder can be declared dead.
 */
public record Timing(Duration heartbeatInterval, int missedHeartbeats, double leaseFraction) {

    public Timing {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive");
        }
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missed heartbeats must be at least 1");
        }
        if (leaseFraction <= 0 || leaseFraction >= 1) {
            throw new IllegalArgumentException("lease fraction must be in (0, 1)");
        }
    }

    public long deathTimeoutNanos() {
        return heartbeatInterval.toNanos() * missedHeartbeats;
    }

    public long leaseNanos() {
        return (long) (deathTimeoutNanos() * leaseFraction);
    }

    /** How often the failure detector looks for dead servers. */
    public long checkPeriodNanos() {
        return Math.max(1, heartbeatInterval.toNanos() / 2);
    }
}

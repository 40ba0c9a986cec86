package sns.coordinator.registry;

import sns.coordinator.election.Candidate;

/**
 * A registered, live server: its last heartbeat and when it will be declared dead. Mutable;
 * guarded by the registry.
 */
final class ServerSession {

    private final String sessionId;
    private final ServerKey key;
    private final String address;
    private final String serverUid;
    private long lastReceiptNanos;
    private long deadlineNanos;
    private Heartbeat last;

    ServerSession(String sessionId, Heartbeat first) {
        this.sessionId = sessionId;
        this.key = first.key();
        this.address = first.address();
        this.serverUid = first.serverUid();
        this.last = first;
    }

    void touch(Heartbeat heartbeat, long nowNanos, long deathTimeoutNanos) {
        last = heartbeat;
        lastReceiptNanos = nowNanos;
        deadlineNanos = nowNanos + deathTimeoutNanos;
    }

    /** A heartbeat of the same data that is not newer than the last one applied: delivered out of order. */
    boolean isOvertakenBy(Heartbeat heartbeat) {
        return heartbeat.serverUid().equals(serverUid) && heartbeat.sequence() <= last.sequence();
    }

    /** Dead iff now - lastReceipt > timeout (plus any lateness of the failure detector). */
    boolean isDead(long nowNanos) {
        return nowNanos - deadlineNanos > 0;
    }

    void extendDeadline(long nanos) {
        deadlineNanos += nanos;
    }

    Candidate asCandidate() {
        return new Candidate(key.serverId(), serverUid, last.maxEpochSeen(), last.holdsLock(), last.wasInSync());
    }

    String sessionId() {
        return sessionId;
    }

    ServerKey key() {
        return key;
    }

    String address() {
        return address;
    }

    String serverUid() {
        return serverUid;
    }

    long lastReceiptNanos() {
        return lastReceiptNanos;
    }

    Heartbeat last() {
        return last;
    }
}

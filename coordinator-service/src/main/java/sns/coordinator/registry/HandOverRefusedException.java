package sns.coordinator.registry;

/**
 * A hand-over the coordinator cannot do as asked (maps to FAILED_PRECONDITION with the reason).
 * Nothing was changed: the lock stays where it was.
 *
 * @see ServerRegistry#handOver(HandOver)
 */
public class HandOverRefusedException extends RuntimeException {

    /** The caller is not the cluster's master at the epoch it named. */
    public static final String NOT_MASTER = "not-master";
    /** No live member of the last recorded in-sync set can take over. */
    public static final String NO_IN_SYNC_MEMBER = "no-in-sync-member";

    private final String reason;

    public HandOverRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

package sns.timeline.social;

/** A request the social API refuses; {@link Kind} decides the gRPC status. Nothing was stored. */
public class SocialException extends RuntimeException {

    /** Why the request was refused (see api-proto/ERRORS.md). */
    public enum Kind {
        INVALID_ARGUMENT,
        NOT_FOUND,
        ALREADY_EXISTS,
        FAILED_PRECONDITION,
        UNAUTHENTICATED,
        /** The caller's account was lost to a concurrent registration of the same name. */
        NAME_TAKEN,
        /** This server is not a master with a valid lease: go to the master. */
        NOT_MASTER,
        /** Stored, but not confirmed in time: retry with the same idempotency key. */
        UNKNOWN_OUTCOME,
        /** This server cannot serve yet (not registered, clock skew, account not replicated here). */
        NOT_READY,
        /** Too many writes are waiting for the store: nothing was stored; try again shortly. */
        OVERLOADED,
        /** The caller gave up (deadline or cancellation) before the write ran: nothing was stored. */
        CANCELLED
    }

    private final Kind kind;

    public SocialException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

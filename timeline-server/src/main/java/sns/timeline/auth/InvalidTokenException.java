package sns.timeline.auth;

/** A token that is malformed, forged or expired. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message);
    }
}

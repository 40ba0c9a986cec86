package sns.timeline.store;

/** The store failed (disk, corruption); the write was not committed. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}

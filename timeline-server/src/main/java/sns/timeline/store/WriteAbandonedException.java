package sns.timeline.store;

/** Nobody waited for the write any more when the writer reached it, so it did not run (nothing stored). */
public final class WriteAbandonedException extends StoreException {

    public WriteAbandonedException(String message) {
        super(message);
    }
}

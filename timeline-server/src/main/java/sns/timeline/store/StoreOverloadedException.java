package sns.timeline.store;

/** The writer's queue is full: a client write is refused before it is queued (nothing stored). */
public final class StoreOverloadedException extends StoreException {

    public StoreOverloadedException(String message) {
        super(message);
    }
}

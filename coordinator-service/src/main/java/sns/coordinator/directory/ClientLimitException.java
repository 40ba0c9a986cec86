package sns.coordinator.directory;

/** The directory holds as many client ids as it may; a new one is refused (RESOURCE_EXHAUSTED). */
public final class ClientLimitException extends RuntimeException {

    public ClientLimitException(String message) {
        super(message);
    }
}

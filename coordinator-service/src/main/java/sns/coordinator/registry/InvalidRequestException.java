package sns.coordinator.registry;

/** A request that can never succeed as sent (maps to INVALID_ARGUMENT). Nothing was changed. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}

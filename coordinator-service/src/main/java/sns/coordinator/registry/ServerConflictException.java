package sns.coordinator.registry;

/** A second live server claims a (cluster, server) slot from another address (ALREADY_EXISTS). */
public class ServerConflictException extends RuntimeException {

    public ServerConflictException(String message) {
        super(message);
    }
}

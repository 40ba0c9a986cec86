package sns.coordinator.namespace;

/** A namespace operation that cannot be done; nothing was changed. */
public class NamespaceException extends RuntimeException {

    private final String path;

    public NamespaceException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}

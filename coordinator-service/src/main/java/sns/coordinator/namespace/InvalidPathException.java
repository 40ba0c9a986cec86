package sns.coordinator.namespace;

/** See {@link LockNamespace}. */
public final class InvalidPathException extends NamespaceException {

    public InvalidPathException(String path, String message) {
        super(path, message);
    }
}

package sns.coordinator.namespace;

/** See {@link LockNamespace}. */
public final class NotEmptyException extends NamespaceException {

    public NotEmptyException(String path, String message) {
        super(path, message);
    }
}

package sns.coordinator.namespace;

/** See {@link LockNamespace}. */
public final class NoSuchNodeException extends NamespaceException {

    public NoSuchNodeException(String path, String message) {
        super(path, message);
    }
}

package sns.coordinator.namespace;

/** See {@link LockNamespace}. */
public final class BadVersionException extends NamespaceException {

    public BadVersionException(String path, String message) {
        super(path, message);
    }
}

package sns.coordinator.namespace;

/** See {@link LockNamespace}. */
public final class EphemeralParentException extends NamespaceException {

    public EphemeralParentException(String path, String message) {
        super(path, message);
    }
}

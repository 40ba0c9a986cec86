package sns.coordinator.namespace;

/** See {@link LockNamespace}. */
public final class NodeExistsException extends NamespaceException {

    public NodeExistsException(String path, String message) {
        super(path, message);
    }
}

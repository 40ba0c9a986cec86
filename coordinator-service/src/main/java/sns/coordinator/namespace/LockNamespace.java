package sns.coordinator.namespace;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import sns.coordinator.text.Quote;

/**
 * The coordinator's lock namespace: a tree of nodes with a UNIX-like API. A node may be owned
 * by a session (an ephemeral node, like a ZooKeeper ephemeral znode or a Chubby lock); ending
 * the session deletes every node it owns. Creating an ephemeral node that must not exist yet is
 * how a lock is taken ({@link #tryCreateEphemeral}).
 *
 * <p>Thread-safe: one read-write lock over the whole tree keeps every operation atomic,
 * including the owner index, at the coordinator's modest rates.
 */
public final class LockNamespace {

    private final InstantSource wallClock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Set<String>> pathsBySession = new HashMap<>();

    public LockNamespace(InstantSource wallClock) {
        this.wallClock = wallClock;
        nodes.put("/", new Node("", null, wallClock.instant()));
    }

    /** Creates a persistent node and any missing parents. */
    public void create(String path, String data) {
        writeLocked(() -> {
            createNode(path, data, null);
            return null;
        });
    }

    /** Creates an ephemeral node owned by the session (missing parents are created persistent). */
    public void createEphemeral(String path, String data, String ownerSession) {
        requireSession(ownerSession);
        writeLocked(() -> {
            createNode(path, data, ownerSession);
            return null;
        });
    }

    /** Takes a lock: creates the ephemeral node if absent. */
    public boolean tryCreateEphemeral(String path, String data, String ownerSession) {
        requireSession(ownerSession);
        return writeLocked(() -> {
            NodePath.segments(path);
            if (nodes.containsKey(path)) {
                return false;
            }
            createNode(path, data, ownerSession);
            return true;
        });
    }

    /** Creates the persistent node (and parents) or overwrites its data. */
    public NodeStat upsert(String path, String data) {
        return writeLocked(() -> {
            NodePath.segments(path);
            Node node = nodes.get(path);
            if (node == null) {
                createNode(path, data, null);
                return statOf(nodes.get(path));
            }
            node.write(data, wallClock.instant());
            return statOf(node);
        });
    }

    public String read(String path) {
        return readLocked(() -> existing(path).data);
    }

    public NodeStat stat(String path) {
        return readLocked(() -> statOf(existing(path)));
    }

    public boolean exists(String path) {
        return readLocked(() -> {
            NodePath.segments(path);
            return nodes.containsKey(path);
        });
    }

    public NodeStat write(String path, String data) {
        return writeLocked(() -> {
            Node node = existing(path);
            node.write(data, wallClock.instant());
            return statOf(node);
        });
    }

    /** Compare-and-set: writes only if the node's version is still the expected one. */
    public NodeStat write(String path, String data, long expectedVersion) {
        return writeLocked(() -> {
            Node node = existing(path);
            if (node.version != expectedVersion) {
                throw new BadVersionException(path, "node " + Quote.of(path) + " is at version " + node.version
                        + ", not the expected " + expectedVersion);
            }
            node.write(data, wallClock.instant());
            return statOf(node);
        });
    }

    /** Deletes a leaf node. */
    public void delete(String path) {
        writeLocked(() -> {
            if (NodePath.segments(path).isEmpty()) {
                throw new InvalidPathException(path, "the root node cannot be deleted");
            }
            Node node = existing(path);
            if (!node.children.isEmpty()) {
                throw new NotEmptyException(path, "node " + Quote.of(path) + " has " + node.children.size()
                        + " children; delete them first");
            }
            remove(path, node);
            return null;
        });
    }

    /** Deletes the node if the session owns it (releasing a lock it holds). */
    public boolean deleteIfOwnedBy(String path, String ownerSession) {
        requireSession(ownerSession);
        return writeLocked(() -> {
            NodePath.segments(path);
            Node node = nodes.get(path);
            if (node == null || !ownerSession.equals(node.owner)) {
                return false;
            }
            remove(path, node);
            return true;
        });
    }

    /** Child names, sorted. */
    public List<String> list(String path) {
        return readLocked(() -> List.copyOf(existing(path).children));
    }

    /** Deletes every node the session owns; returns their paths, sorted. */
    public List<String> endSession(String ownerSession) {
        return writeLocked(() -> {
            Set<String> owned = pathsBySession.getOrDefault(ownerSession, Set.of());
            List<String> deleted = new ArrayList<>(new TreeSet<>(owned));
            deleted.forEach(path -> remove(path, nodes.get(path)));
            return deleted;
        });
    }

    /** Paths of the nodes a session owns, sorted. */
    public List<String> ownedBy(String ownerSession) {
        return readLocked(() -> List.copyOf(new TreeSet<>(pathsBySession.getOrDefault(ownerSession, Set.of()))));
    }

    private void createNode(String path, String data, String owner) {
        List<String> segments = NodePath.segments(path);
        if (segments.isEmpty() || nodes.containsKey(path)) {
            throw new NodeExistsException(path, "node " + Quote.of(path) + " already exists");
        }
        Instant now = wallClock.instant();
        String parentPath = "/";
        for (int i = 0; i < segments.size(); i++) {
            String childPath = (parentPath.equals("/") ? "" : parentPath) + "/" + segments.get(i);
            Node parent = nodes.get(parentPath);
            if (!nodes.containsKey(childPath)) {
                if (parent.owner != null) {
                    throw new EphemeralParentException(childPath, "node " + Quote.of(parentPath)
                            + " is ephemeral and cannot have children");
                }
                boolean leaf = i == segments.size() - 1;
                nodes.put(childPath, new Node(leaf ? data : "", leaf ? owner : null, now));
                parent.children.add(segments.get(i));
            }
            parentPath = childPath;
        }
        if (owner != null) {
            pathsBySession.computeIfAbsent(owner, s -> new java.util.HashSet<>()).add(path);
        }
    }

    private void remove(String path, Node node) {
        nodes.remove(path);
        nodes.get(NodePath.parentOf(path)).children.remove(NodePath.nameOf(path));
        if (node.owner != null) {
            Set<String> owned = pathsBySession.get(node.owner);
            owned.remove(path);
            if (owned.isEmpty()) {
                pathsBySession.remove(node.owner);
            }
        }
    }

    private Node existing(String path) {
        NodePath.segments(path);
        Node node = nodes.get(path);
        if (node == null) {
            throw new NoSuchNodeException(path, "no node at " + Quote.of(path));
        }
        return node;
    }

    private static NodeStat statOf(Node node) {
        return new NodeStat(node.version, Optional.ofNullable(node.owner), node.children.size(), node.createdAt,
                node.modifiedAt);
    }

    private static void requireSession(String ownerSession) {
        if (ownerSession == null || ownerSession.isBlank()) {
            throw new IllegalArgumentException("an ephemeral node needs a non-blank owner session");
        }
    }

    private <T> T readLocked(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T writeLocked(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** One node; guarded by the namespace's lock. */
    private static final class Node {
        private String data;
        private final String owner;
        private long version;
        private final Instant createdAt;
        private Instant modifiedAt;
        private final TreeSet<String> children = new TreeSet<>();

        Node(String data, String owner, Instant createdAt) {
            this.data = data == null ? "" : data;
            this.owner = owner;
            this.createdAt = createdAt;
            this.modifiedAt = createdAt;
        }

        void write(String newData, Instant at) {
            data = newData == null ? "" : newData;
            version++;
            modifiedAt = at;
        }
    }
}

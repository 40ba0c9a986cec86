package sns.coordinator.registry;

/** A server's place in the topology: (cluster id, server id). */
public record ServerKey(int clusterId, int serverId) {

    @Override
    public String toString() {
        return "c" + clusterId + "-s" + serverId;
    }
}

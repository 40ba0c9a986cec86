package sns.coordinator.registry;

import sns.coordinator.election.Grant;

/** Observes the registry's decisions (metrics). Called while the registry holds its lock: keep it cheap. */
public interface RegistryListener {

    default void heartbeatReceived(ServerKey key) {}

    default void serverRegistered(ServerKey key) {}

    default void serverDied(ServerKey key) {}

    default void masterGranted(int clusterId, Grant grant) {}

    RegistryListener NONE = new RegistryListener() {};
}

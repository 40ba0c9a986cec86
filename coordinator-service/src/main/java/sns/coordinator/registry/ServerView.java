package sns.coordinator.registry;

/** A live server as shown to others (GetServer, counterparts, other masters). */
public record ServerView(ServerKey key, String address, String serverUid, Role role, long epoch, boolean inSync, boolean ready) {}

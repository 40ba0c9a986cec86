package sns.coordinator.registry;

/** What the coordinator tells a server to be. */
public enum Role {
    /** Holds its cluster's master lock. */
    MASTER,
    /** Replicates from its master (or waits for one). */
    SLAVE,
    /** The coordinator grants nothing yet (restart recovery or an old lease still running). */
    PENDING
}

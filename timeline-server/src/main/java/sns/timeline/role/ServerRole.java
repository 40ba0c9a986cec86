package sns.timeline.role;

/** What this server currently is, as far as it knows. */
public enum ServerRole {
    /** No answer from the coordinator yet. */
    UNREGISTERED,
    /** The coordinator grants nothing yet (its restart recovery, or an old lease still running). */
    PENDING,
    SLAVE,
    MASTER
}

package sns.timeline.store;

import java.nio.charset.StandardCharsets;

/** The column families of a server's RocksDB and what each maps. */
enum Column {
    /** server uid, epoch fence, master epoch, highest hlc. */
    META("meta"),
    /** origin uid + seq -> Event: the replicated log. */
    EVENTS("events"),
    /** origin uid -> highest contiguous seq (the version vector). */
    VERSIONS("versions"),
    /** user id -> winning USER event. */
    USERS("users"),
    /** username -> winning USER event among same-name registrations. */
    USERNAMES("usernames"),
    /** follower id + followee id -> latest FOLLOW/UNFOLLOW event (last writer wins). */
    FOLLOWS("follows"),
    /** followee id + follower id -> the same event, for "my followers" and fan-out. */
    FOLLOWERS("followers"),
    /** post id -> the winning POST event's key in EVENTS ({@link PostReference}). */
    POSTS("posts"),
    /** author id + hlc + post id -> nothing: a user's posts in time order. */
    AUTHOR_POSTS("author_posts"),
    /** actor id + idempotency key -> the event the key produced (follow/unfollow). */
    IDEMPOTENCY("idempotency");

    private final String familyName;

    Column(String familyName) {
        this.familyName = familyName;
    }

    byte[] familyName() {
        return familyName.getBytes(StandardCharsets.UTF_8);
    }
}

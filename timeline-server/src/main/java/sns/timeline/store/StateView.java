package sns.timeline.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import sns.api.v1.Event;

/**
 * Typed reads of the state. Outside the writer it reads committed data; inside a write
 * transaction it also sees that transaction's (and its group's) uncommitted changes.
 */
public class StateView {

    private final RocksStore rocks;
    private final WriteBatchWithIndex batch;

    StateView(RocksStore rocks, WriteBatchWithIndex batch) {
        this.rocks = rocks;
        this.batch = batch;
    }

    public Optional<Event> user(String userId) {
        return event(Column.USERS, Keys.of(userId));
    }

    /** The user who holds a name: the lowest (hlc, origin) among its registrations. */
    public Optional<Event> userByName(String username) {
        return event(Column.USERNAMES, Keys.of(username));
    }

    /** The latest FOLLOW or UNFOLLOW of a pair, if any. */
    public Optional<Event> followState(String followerId, String followeeId) {
        return event(Column.FOLLOWS, Keys.pair(followerId, followeeId));
    }

    /** Users this user currently follows, with the FOLLOW event that started it. */
    public List<Event> following(String followerId) {
        return scan(Column.FOLLOWS, Keys.prefix(followerId)).stream().filter(Event::hasFollowed).toList();
    }

    /** The latest FOLLOW or UNFOLLOW of every pair this user was ever part of as follower. */
    public List<Event> followHistory(String followerId) {
        return scan(Column.FOLLOWS, Keys.prefix(followerId));
    }

    /** Users who currently follow this user, with their FOLLOW events. */
    public List<Event> followers(String followeeId) {
        return scan(Column.FOLLOWERS, Keys.prefix(followeeId)).stream().filter(Event::hasFollowed).toList();
    }

    public Optional<Event> post(String postId) {
        byte[] value = get(Column.POSTS, Keys.of(postId));
        return value == null ? Optional.empty() : Optional.of(resolvePost(value));
    }

    /** A user's posts with hlc greater than {@code afterHlc}, newest first, at most {@code limit}. */
    public List<Event> postsNewestFirst(String authorId, long afterHlc, int limit) {
        byte[] prefix = Keys.prefix(authorId);
        byte[] end = prefix.clone();
        end[end.length - 1] = 1;
        List<Event> posts = new ArrayList<>();
        try (RocksIterator it = iterator(Column.AUTHOR_POSTS)) {
            for (it.seekForPrev(end); it.isValid() && Keys.startsWith(it.key(), prefix) && posts.size() < limit;
                 it.prev()) {
                long hlc = Keys.toLong(java.util.Arrays.copyOfRange(it.key(), prefix.length, prefix.length + 8));
                if (hlc <= afterHlc) {
                    break;
                }
                String postId = Keys.string(java.util.Arrays.copyOfRange(it.key(), prefix.length + 8, it.key().length));
                post(postId).ifPresent(posts::add);
            }
        }
        return posts;
    }

    /**
     * A user's posts after the position (afterHlc, afterPostId) in (hlc, post id) order, oldest
     * first, at most {@code limit} of those {@code shown} accepts: one page of a replay that the
     * next page continues.
     */
    public List<Event> postsOldestFirst(String authorId, long afterHlc, String afterPostId, int limit,
                                        Predicate<Event> shown) {
        byte[] prefix = Keys.prefix(authorId);
        byte[] after = Keys.authorPost(authorId, afterHlc, afterPostId);
        List<Event> posts = new ArrayList<>();
        try (RocksIterator it = iterator(Column.AUTHOR_POSTS)) {
            for (it.seek(after); it.isValid() && Keys.startsWith(it.key(), prefix) && posts.size() < limit; it.next()) {
                if (!java.util.Arrays.equals(it.key(), after)) {
                    String postId = Keys.string(java.util.Arrays.copyOfRange(it.key(), prefix.length + 8,
                            it.key().length));
                    post(postId).filter(shown).ifPresent(posts::add);
                }
            }
        }
        return posts;
    }

    public Optional<Event> idempotent(String actorId, byte[] key) {
        return event(Column.IDEMPOTENCY, Keys.idempotency(actorId, key));
    }

    /** Events of one origin from {@code fromSeq} on, in seq order, at most {@code limit}. */
    public List<Event> logFrom(String originUid, long fromSeq, int limit) {
        byte[] prefix = Keys.prefix(originUid);
        List<Event> events = new ArrayList<>();
        try (RocksIterator it = iterator(Column.EVENTS)) {
            for (it.seek(Keys.event(originUid, fromSeq)); it.isValid() && Keys.startsWith(it.key(), prefix)
                    && events.size() < limit; it.next()) {
                events.add(parse(it.value()));
            }
        }
        return events;
    }

    /** Highest seq of an origin such that every seq up to it is applied; 0 if none. */
    public long highestContiguousSeq(String originUid) {
        byte[] value = get(Column.VERSIONS, Keys.of(originUid));
        return value == null ? 0 : Keys.toLong(value);
    }

    /** origin uid -> highest contiguous seq, for every origin seen. */
    public Map<String, Long> versionVector() {
        Map<String, Long> vector = new LinkedHashMap<>();
        try (RocksIterator it = iterator(Column.VERSIONS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                vector.put(Keys.string(it.key()), Keys.toLong(it.value()));
            }
        }
        return vector;
    }

    /** Every name's winning USER event, sorted by name. */
    public List<Event> usersByName() {
        return scan(Column.USERNAMES, new byte[0]);
    }

    /** Every current follow edge (FOLLOW events), by follower then followee id. */
    public List<Event> allFollowEdges() {
        return scan(Column.FOLLOWS, new byte[0]).stream().filter(Event::hasFollowed).toList();
    }

    /** Every post, by post id. */
    public List<Event> allPosts() {
        return scan(Column.POSTS, new byte[0], this::resolvePost);
    }

    private Event resolvePost(byte[] value) {
        if (!PostReference.isReference(value)) {
            return parse(value);
        }
        byte[] event = get(Column.EVENTS, PostReference.eventKey(value));
        if (event == null) {
            throw new StoreException("a post refers to an event missing from the log");
        }
        return parse(event);
    }

    Optional<Event> event(Column column, byte[] key) {
        byte[] value = get(column, key);
        return value == null ? Optional.empty() : Optional.of(parse(value));
    }

    byte[] get(Column column, byte[] key) {
        return batch == null ? rocks.get(column, key) : rocks.get(batch, column, key);
    }

    private RocksIterator iterator(Column column) {
        return batch == null ? rocks.iterator(column) : rocks.iterator(batch, column);
    }

    private List<Event> scan(Column column, byte[] prefix) {
        return scan(column, prefix, StateView::parse);
    }

    /** The events of every value under the prefix, in key order, each read by {@code decode}. */
    private List<Event> scan(Column column, byte[] prefix, Function<byte[], Event> decode) {
        List<Event> events = new ArrayList<>();
        try (RocksIterator it = iterator(column)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                events.add(decode.apply(it.value()));
            }
        }
        return events;
    }

    static Event parse(byte[] bytes) {
        try {
            return Event.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("corrupt event in store: " + e.getMessage(), e);
        }
    }
}

package sns.timeline.store;

import java.util.Optional;
import org.rocksdb.WriteBatchWithIndex;
import sns.api.v1.Event;

/**
 * Applies one event's state changes to a write batch. Never validates and never rejects: a
 * FOLLOW may arrive before its USER, the same event may arrive twice, and every server ends
 * in the same state whatever the order, because each rule is a deterministic merge.
 */
final class StateApplier {

    private final RocksStore rocks;

    StateApplier(RocksStore rocks) {
        this.rocks = rocks;
    }

    void apply(WriteBatchWithIndex batch, StateView view, Event event) {
        switch (event.getBodyCase()) {
            case USER_REGISTERED -> applyUser(batch, view, event);
            case FOLLOWED -> applyFollow(batch, view, event, event.getFollowed().getFollowerId(),
                    event.getFollowed().getFolloweeId());
            case UNFOLLOWED -> applyFollow(batch, view, event, event.getUnfollowed().getFollowerId(),
                    event.getUnfollowed().getFolloweeId());
            case POSTED -> applyPost(batch, view, event);
            case BODY_NOT_SET -> throw new StoreException("event " + event.getOriginUid() + "/" + event.getSeq()
                    + " has no body");
        }
    }

    private void applyUser(WriteBatchWithIndex batch, StateView view, Event event) {
        var user = event.getUserRegistered();
        if (firstWins(view.user(user.getUserId()), event)) {
            rocks.put(batch, Column.USERS, Keys.of(user.getUserId()), event.toByteArray());
        }
        if (firstWins(view.userByName(user.getUsername()), event)) {
            rocks.put(batch, Column.USERNAMES, Keys.of(user.getUsername()), event.toByteArray());
        }
    }

    private void applyFollow(WriteBatchWithIndex batch, StateView view, Event event, String follower,
                             String followee) {
        Optional<Event> current = view.followState(follower, followee);
        if (current.isEmpty() || EventOrder.LAST_WRITER_WINS.compare(event, current.get()) > 0) {
            rocks.put(batch, Column.FOLLOWS, Keys.pair(follower, followee), event.toByteArray());
            rocks.put(batch, Column.FOLLOWERS, Keys.pair(followee, follower), event.toByteArray());
        }
        byte[] idempotencyKey = Keys.idempotency(follower, event.getIdempotencyKey().toByteArray());
        if (view.get(Column.IDEMPOTENCY, idempotencyKey) == null) {
            rocks.put(batch, Column.IDEMPOTENCY, idempotencyKey, event.toByteArray());
        }
    }

    private void applyPost(WriteBatchWithIndex batch, StateView view, Event event) {
        var post = event.getPosted();
        Optional<Event> current = view.post(post.getPostId());
        if (!firstWins(current, event)) {
            return;
        }
        current.ifPresent(old -> rocks.delete(batch, Column.AUTHOR_POSTS,
                Keys.authorPost(old.getPosted().getAuthorId(), old.getHlc(), post.getPostId())));
        rocks.put(batch, Column.POSTS, Keys.of(post.getPostId()), PostReference.to(event));
        rocks.put(batch, Column.AUTHOR_POSTS, Keys.authorPost(post.getAuthorId(), event.getHlc(), post.getPostId()),
                new byte[0]);
    }

    /** True when the candidate should replace the current holder of an id. */
    private static boolean firstWins(Optional<Event> current, Event candidate) {
        return current.isEmpty() || EventOrder.FIRST_WINS.compare(candidate, current.get()) < 0;
    }
}

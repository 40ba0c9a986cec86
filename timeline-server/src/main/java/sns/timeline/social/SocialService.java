package sns.timeline.social;

import static sns.timeline.social.SocialException.Kind.ALREADY_EXISTS;
import static sns.timeline.social.SocialException.Kind.FAILED_PRECONDITION;
import static sns.timeline.social.SocialException.Kind.INVALID_ARGUMENT;
import static sns.timeline.social.SocialException.Kind.NAME_TAKEN;
import static sns.timeline.social.SocialException.Kind.NOT_FOUND;
import static sns.timeline.social.SocialException.Kind.NOT_READY;
import static sns.timeline.social.SocialException.Kind.UNAUTHENTICATED;

import com.google.protobuf.ByteString;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import sns.api.v1.Event;
import sns.api.v1.Followed;
import sns.api.v1.Posted;
import sns.api.v1.Unfollowed;
import sns.api.v1.UserRegistered;
import sns.timeline.auth.IssuedToken;
import sns.timeline.auth.PasswordHasher;
import sns.timeline.auth.TokenService;
import sns.timeline.auth.VerifiedToken;
import sns.timeline.role.AcknowledgedSeq;
import sns.timeline.role.WriteGate;
import sns.timeline.store.EventStore;
import sns.timeline.store.StateView;
import sns.timeline.store.WriteContext;

/**
 * The social API's rules (DESIGN §4). Writes validate their input here, then run as one
 * transaction on the store's writer thread, where the checks against state (name taken,
 * already following, ...) and the append are atomic; every write is idempotent by its key.
 */
public final class SocialService implements TimelineReads {

    public static final int TIMELINE_SIZE = 20;
    private static final Comparator<TimelinePost> NEWEST_FIRST = Comparator
            .comparingLong(TimelinePost::hlc).reversed().thenComparing(TimelinePost::postId);
    private static final Comparator<TimelinePost> OLDEST_FIRST = Comparator
            .comparingLong(TimelinePost::hlc).thenComparing(TimelinePost::postId);

    private final EventStore store;
    private final WriteGate gate;
    private final PasswordHasher passwords;
    private final TokenService tokens;
    private final AcknowledgedSeq acknowledged;
    private final UserNames userNames;
    private final NameOwners nameOwners;

    public SocialService(EventStore store, WriteGate gate, PasswordHasher passwords, TokenService tokens,
                         AcknowledgedSeq acknowledged) {
        this.store = store;
        this.userNames = new UserNames(store.committed());
        this.nameOwners = new NameOwners(store.committed());
        store.onCommitted(nameOwners::onCommitted);
        this.acknowledged = acknowledged;
        this.gate = gate;
        this.passwords = passwords;
        this.tokens = tokens;
    }

    /** Creates a user; a retry with the same key returns the same user. */
    public Caller register(String username, String password, byte[] idempotencyKey) {
        WriteValidation.username(username);
        WriteValidation.password(password);
        WriteValidation.idempotencyKey(idempotencyKey);
        gate.requireMasterLease();
        String userId = Identifiers.userId(username, idempotencyKey);
        String hash = passwords.hash(password);
        return gate.execute(tx -> {
            if (tx.user(userId).isPresent()) {
                return new Caller(userId, username);
            }
            if (tx.userByName(username).isPresent()) {
                throw new SocialException(ALREADY_EXISTS, "username '" + username + "' is already taken");
            }
            tx.append(Event.newBuilder()
                    .setIdempotencyKey(ByteString.copyFrom(idempotencyKey))
                    .setUserRegistered(UserRegistered.newBuilder()
                            .setUserId(userId).setUsername(username).setPasswordHash(hash)));
            return new Caller(userId, username);
        });
    }

    /** Checks the password and issues a token. Any ready server may answer. */
    public IssuedLogin login(String username, String password) {
        Optional<Event> user = username == null ? Optional.empty() : store.committed().userByName(username);
        if (user.isEmpty() || password == null
                || !passwords.matches(password, user.get().getUserRegistered().getPasswordHash())) {
            throw new SocialException(UNAUTHENTICATED, "wrong username or password");
        }
        String userId = user.get().getUserRegistered().getUserId();
        return new IssuedLogin(userId, tokens.issue(userId, username));
    }

    /** The caller a verified token names, if its account exists here and still owns its name. */
    public Caller authenticate(VerifiedToken token) {
        Optional<Boolean> ownsName = nameOwners.owns(token.userId(), token.username());
        if (ownsName.isEmpty()) {
            throw new SocialException(NOT_READY, "your account has not reached this server yet; try again shortly");
        }
        if (!ownsName.get()) {
            throw new SocialException(NAME_TAKEN, "name taken by a concurrent registration; register again");
        }
        return new Caller(token.userId(), token.username());
    }

    /** The caller follows a user; returns the follow's hlc. */
    public long follow(Caller caller, String username, byte[] idempotencyKey) {
        WriteValidation.username(username);
        WriteValidation.idempotencyKey(idempotencyKey);
        if (username.equals(caller.username())) {
            throw new SocialException(INVALID_ARGUMENT, "you cannot follow yourself");
        }
        return gate.execute(tx -> {
            Optional<Event> retry = tx.idempotent(caller.userId(), idempotencyKey);
            if (retry.isPresent()) {
                return retry.get().getHlc();
            }
            String followeeId = existingUser(tx, username);
            if (tx.followState(caller.userId(), followeeId).map(Event::hasFollowed).orElse(false)) {
                throw new SocialException(ALREADY_EXISTS, "you already follow " + username);
            }
            return tx.append(Event.newBuilder()
                    .setIdempotencyKey(ByteString.copyFrom(idempotencyKey))
                    .setFollowed(Followed.newBuilder().setFollowerId(caller.userId()).setFolloweeId(followeeId)))
                    .getHlc();
        });
    }

    /** The caller stops following a user. */
    public void unfollow(Caller caller, String username, byte[] idempotencyKey) {
        WriteValidation.username(username);
        WriteValidation.idempotencyKey(idempotencyKey);
        gate.execute(tx -> {
            if (tx.idempotent(caller.userId(), idempotencyKey).isPresent()) {
                return null;
            }
            String followeeId = existingUser(tx, username);
            if (!tx.followState(caller.userId(), followeeId).map(Event::hasFollowed).orElse(false)) {
                throw new SocialException(FAILED_PRECONDITION, "you do not follow " + username);
            }
            tx.append(Event.newBuilder()
                    .setIdempotencyKey(ByteString.copyFrom(idempotencyKey))
                    .setUnfollowed(Unfollowed.newBuilder().setFollowerId(caller.userId()).setFolloweeId(followeeId)));
            return null;
        });
    }

    /** Publishes a post; a retry with the same key returns the original post. */
    public TimelinePost post(Caller caller, String text, byte[] idempotencyKey) {
        try {
            return postAsync(caller, text, idempotencyKey).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw WriteGate.unwrap(e);
        }
    }

    /**
     * {@link #post} without a waiting thread: invalid input throws at once, everything else
     * completes the future (acknowledged, or failed with the reason).
     */
    public CompletableFuture<TimelinePost> postAsync(Caller caller, String text, byte[] idempotencyKey) {
        String stored = WriteValidation.postText(text);
        WriteValidation.idempotencyKey(idempotencyKey);
        String postId = Identifiers.postId(caller.userId(), idempotencyKey);
        return gate.submit(tx -> tx.post(postId).orElseGet(() -> tx.append(Event.newBuilder()
                        .setIdempotencyKey(ByteString.copyFrom(idempotencyKey))
                        .setPosted(Posted.newBuilder().setPostId(postId).setAuthorId(caller.userId()).setText(stored)))))
                .thenApply(event -> TimelinePost.of(event, caller.username()));
    }

    public UserLists list(Caller caller) {
        StateView state = store.committed();
        List<String> all = state.usersByName().stream().map(e -> e.getUserRegistered().getUsername()).toList();
        List<String> followers = names(state.followers(caller.userId()).stream()
                .map(e -> e.getFollowed().getFollowerId()));
        List<String> following = names(state.following(caller.userId()).stream()
                .map(e -> e.getFollowed().getFolloweeId()));
        return new UserLists(all, followers, following);
    }

    @Override
    public List<TimelinePost> latestTimeline(Caller caller) {
        return timeline(caller, Long.MIN_VALUE, TIMELINE_SIZE);
    }

    /** Every timeline post with hlc greater than {@code afterHlc}, oldest first (the export). */
    public List<TimelinePost> timelineSince(Caller caller, long afterHlc, int limit) {
        List<TimelinePost> oldestFirst = new java.util.ArrayList<>(timeline(caller, afterHlc, limit));
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Override
    public List<TimelinePost> timelinePage(Caller caller, long afterHlc, String afterPostId, int limit) {
        StateView state = store.committed();
        return state.following(caller.userId()).stream()
                .flatMap(follow -> {
                    String followeeId = follow.getFollowed().getFolloweeId();
                    String name = userNames.of(followeeId);
                    boolean fromFollow = follow.getHlc() >= afterHlc;
                    // filtered while reading, so a page holds `limit` posts each author may show and no
                    // later post of an author is passed over for posts not yet acknowledged-safe
                    return state.postsOldestFirst(followeeId, fromFollow ? follow.getHlc() : afterHlc,
                                    fromFollow ? "" : afterPostId, limit,
                                    post -> post.getHlc() > follow.getHlc() && acknowledgedSafe(post)).stream()
                            .map(post -> TimelinePost.of(post, name));
                })
                .sorted(OLDEST_FIRST)
                .limit(limit)
                .toList();
    }

    /** The latest FOLLOW or UNFOLLOW of every pair with this follower (the live feed's index). */
    public List<Event> followStates(String followerId) {
        return store.committed().followHistory(followerId);
    }

    /** Whether users may see the post: another origin's once applied here, this server's once acknowledged. */
    public boolean acknowledgedSafe(Event post) {
        return !post.getOriginUid().equals(store.serverUid()) || post.getSeq() <= acknowledged.highest();
    }

    public TimelinePost view(Event post) {
        return TimelinePost.of(post, userNames.of(post.getPosted().getAuthorId()));
    }

    private List<TimelinePost> timeline(Caller caller, long afterHlc, int limit) {
        StateView state = store.committed();
        return state.following(caller.userId()).stream()
                .flatMap(follow -> {
                    String followeeId = follow.getFollowed().getFolloweeId();
                    String name = userNames.of(followeeId);
                    return state.postsNewestFirst(followeeId, Math.max(follow.getHlc(), afterHlc), limit).stream()
                            .filter(this::acknowledgedSafe)
                            .map(post -> TimelinePost.of(post, name));
                })
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    private static String existingUser(WriteContext tx, String username) {
        return tx.userByName(username)
                .map(e -> e.getUserRegistered().getUserId())
                .orElseThrow(() -> new SocialException(NOT_FOUND, "no user named " + username));
    }

    private List<String> names(Stream<String> userIds) {
        return userIds.map(userNames::of).sorted().toList();
    }

    /** A successful login. */
    public record IssuedLogin(String userId, IssuedToken token) {}
}

package sns.timeline.social;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import sns.timeline.store.StateView;

/**
 * User id to username, read from the store once and then remembered: every live post and every
 * timeline names its authors. A user id is a hash of its name ({@link Identifiers#userId}), so
 * the answer for an id never changes. Ids not (yet) in the store are not remembered. Bounded.
 */
final class UserNames {

    static final long MAX_REMEMBERED = 100_000;

    private final StateView committed;
    private final Cache<String, String> names = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();

    UserNames(StateView committed) {
        this.committed = committed;
    }

    /** The user's name, or "?" and the id if the user has not reached this server. */
    String of(String userId) {
        String known = names.getIfPresent(userId);
        if (known != null) {
            return known;
        }
        return committed.user(userId)
                .map(user -> {
                    String name = user.getUserRegistered().getUsername();
                    names.put(userId, name);
                    return name;
                })
                .orElse("?" + userId);
    }
}

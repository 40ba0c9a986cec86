package sns.timeline.social;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import sns.api.v1.Event;
import sns.timeline.store.StateView;

/**
 * Which user owns each username, as far as callers have been checked: a client's calls after
 * its first cost a map lookup instead of two store reads. A name changes owner only when a
 * registration for it commits (a concurrent one with a lower hlc wins the name), so every
 * committed registration forgets its name, and a check that overlapped one is not kept.
 */
final class NameOwners {

    private final StateView committed;
    private final Cache<String, String> owners = Caffeine.newBuilder().maximumSize(UserNames.MAX_REMEMBERED).build();
    private final AtomicLong registrationsCommitted = new AtomicLong();

    NameOwners(StateView committed) {
        this.committed = committed;
    }

    /** Whether the user exists here and owns the name; empty if the user has not reached this server. */
    Optional<Boolean> owns(String userId, String username) {
        if (userId.equals(owners.getIfPresent(username))) {
            return Optional.of(true);
        }
        long registrationsBefore = registrationsCommitted.get();
        if (committed.user(userId).isEmpty()) {
            return Optional.empty();
        }
        boolean owns = committed.userByName(username)
                .map(winner -> winner.getUserRegistered().getUserId().equals(userId))
                .orElse(false);
        if (owns) {
            owners.put(username, userId);
            // a registration that committed while we read may have moved the name after our read;
            // if its listener ran before the put, take the put back (if after, it removed it itself)
            if (registrationsCommitted.get() != registrationsBefore) {
                owners.invalidate(username);
            }
        }
        return Optional.of(owns);
    }

    /** Called with every group of committed events, after the store shows them. */
    void onCommitted(List<Event> events) {
        for (Event event : events) {
            if (event.hasUserRegistered()) {
                registrationsCommitted.incrementAndGet();
                owners.invalidate(event.getUserRegistered().getUsername());
            }
        }
    }
}

package sns.timeline.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sns.api.v1.Event;
import sns.timeline.clock.HybridLogicalClock;
import sns.timeline.social.Caller;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;
import sns.timeline.store.EventStore;
import sns.timeline.store.StateView;

/**
 * The seed's human-readable files, made from the store (never containing password hashes):
 * {@code userinfo} lists {@code user <name>}, {@code follow <a> <b> <time>} and
 * {@code unfollow <a> <b>} lines; {@code posts} has {@code T <time>}, {@code U <name>},
 * {@code W <text>} and a blank line per post. Times are ISO-8601 UTC.
 */
public final class SeedExport {

    private final EventStore store;
    private final SocialService social;

    public SeedExport(EventStore store, SocialService social) {
        this.store = store;
        this.social = social;
    }

    /** Every user, then every pair's follow state, by name. */
    public String userinfo() {
        StateView state = store.committed();
        StringBuilder out = new StringBuilder();
        for (Event user : state.usersByName()) {
            out.append("user ").append(user.getUserRegistered().getUsername()).append('\n');
        }
        List<String> lines = new ArrayList<>();
        for (Event user : state.usersByName()) {
            String followerId = user.getUserRegistered().getUserId();
            String follower = user.getUserRegistered().getUsername();
            for (Event edge : state.followHistory(followerId)) {
                lines.add(edge.hasFollowed()
                        ? "follow " + follower + " " + name(state, edge.getFollowed().getFolloweeId()) + " "
                                + time(edge.getHlc())
                        : "unfollow " + follower + " " + name(state, edge.getUnfollowed().getFolloweeId()));
            }
        }
        lines.sort(Comparator.naturalOrder());
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** The caller's timeline (the people they follow, after the follow), oldest first. */
    public String posts(Caller caller) {
        StringBuilder out = new StringBuilder();
        for (TimelinePost post : social.timelineSince(caller, Long.MIN_VALUE, Integer.MAX_VALUE)) {
            out.append("T ").append(time(post.hlc())).append('\n')
                    .append("U ").append(post.author()).append('\n')
                    .append("W ").append(post.text().replace("\n", "\nW ")).append('\n')
                    .append('\n');
        }
        return out.toString();
    }

    private static String name(StateView state, String userId) {
        return state.user(userId).map(e -> e.getUserRegistered().getUsername()).orElse("?" + userId);
    }

    private static String time(long hlc) {
        return Instant.ofEpochMilli(HybridLogicalClock.physicalMillis(hlc)).toString();
    }
}

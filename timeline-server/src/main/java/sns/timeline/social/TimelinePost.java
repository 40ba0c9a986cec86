package sns.timeline.social;

import sns.api.v1.Event;
import sns.timeline.clock.HybridLogicalClock;

/**
 * A post as users see it.
 *
 * @param postId         hash(author id, idempotency key)
 * @param authorId       author's user id
 * @param author         author's name
 * @param text           the text
 * @param hlc            hybrid logical clock of the post's event
 */
public record TimelinePost(String postId, String authorId, String author, String text, long hlc) {

    public long postedAtMillis() {
        return HybridLogicalClock.physicalMillis(hlc);
    }

    static TimelinePost of(Event event, String authorName) {
        var posted = event.getPosted();
        return new TimelinePost(posted.getPostId(), posted.getAuthorId(), authorName, posted.getText(), event.getHlc());
    }
}

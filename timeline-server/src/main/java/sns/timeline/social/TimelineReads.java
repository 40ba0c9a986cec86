package sns.timeline.social;

import java.util.List;

/** What an open timeline stream reads before it goes live: the latest posts, or a resume's replay. */
public interface TimelineReads {

    /** The latest posts of the people the caller follows, made after the follow, newest first. */
    List<TimelinePost> latestTimeline(Caller caller);

    /**
     * One page of a replay: timeline posts after the position (afterHlc, afterPostId) in (hlc, post
     * id) order, oldest first, at most {@code limit}; the next page starts after the last one.
     */
    List<TimelinePost> timelinePage(Caller caller, long afterHlc, String afterPostId, int limit);
}

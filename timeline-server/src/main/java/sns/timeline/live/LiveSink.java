package sns.timeline.live;

import sns.timeline.social.TimelinePost;

/** Receives live posts for one open timeline stream; must not block. */
@FunctionalInterface
public interface LiveSink {

    void offer(TimelinePost post);
}

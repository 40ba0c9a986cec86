package sns.timeline.store;

import java.util.Comparator;
import sns.api.v1.Event;

/** The total orders that make every server resolve conflicts the same way (DESIGN §5.2). */
public final class EventOrder {

    /** Among events with the same id (user, post, name) the lowest (hlc, origin uid) wins. */
    public static final Comparator<Event> FIRST_WINS = Comparator
            .comparingLong(Event::getHlc)
            .thenComparing(Event::getOriginUid);

    /** Follow state per pair: the highest (hlc, origin uid, seq) wins. */
    public static final Comparator<Event> LAST_WRITER_WINS = Comparator
            .comparingLong(Event::getHlc)
            .thenComparing(Event::getOriginUid)
            .thenComparingLong(Event::getSeq);

    private EventOrder() {}
}

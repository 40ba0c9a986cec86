package sns.timeline.store;

import java.util.Arrays;
import sns.api.v1.Event;

/**
 * A value of the POSTS family: where the winning POST event lies in the log (its EVENTS key),
 * not a second copy of it, which halved the bytes every post adds to memtables, flushes and
 * compactions. The log is never trimmed, so the reference always resolves. Stores written before
 * held the event itself; the marker tells the two apart, as no serialized event starts with a
 * zero byte (protobuf has no field 0).
 */
final class PostReference {

    private static final byte MARKER = 0;

    private PostReference() {}

    static byte[] to(Event event) {
        return Keys.concat(new byte[] {MARKER}, Keys.event(event.getOriginUid(), event.getSeq()));
    }

    static boolean isReference(byte[] value) {
        return value.length > 0 && value[0] == MARKER;
    }

    static byte[] eventKey(byte[] reference) {
        return Arrays.copyOfRange(reference, 1, reference.length);
    }
}

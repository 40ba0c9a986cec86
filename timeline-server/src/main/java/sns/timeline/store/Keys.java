package sns.timeline.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key encodings. Composite keys join UTF-8 parts with a 0x00 separator (ids and names never
 * contain it); numbers are 8-byte big-endian so RocksDB's byte order is numeric order.
 */
final class Keys {

    private static final byte SEPARATOR = 0;

    private Keys() {}

    static byte[] of(String part) {
        return part.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pair(String first, String second) {
        return concat(of(first), new byte[] {SEPARATOR}, of(second));
    }

    /** Every key starting with this prefix belongs to {@code first}. */
    static byte[] prefix(String first) {
        return concat(of(first), new byte[] {SEPARATOR});
    }

    static byte[] event(String originUid, long seq) {
        return concat(prefix(originUid), longBytes(seq));
    }

    static byte[] authorPost(String authorId, long hlc, String postId) {
        return concat(prefix(authorId), longBytes(hlc), of(postId));
    }

    static byte[] idempotency(String actorId, byte[] key) {
        return concat(prefix(actorId), key);
    }

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long toLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}

package sns.timeline.social;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids derived from what the client sent, so a retry with the same idempotency key produces the
 * same id on any server: user id = hash(name, key), post id = hash(author id, key).
 */
public final class Identifiers {

    private Identifiers() {}

    public static String userId(String username, byte[] idempotencyKey) {
        return hash("user", username, idempotencyKey);
    }

    public static String postId(String authorId, byte[] idempotencyKey) {
        return hash("post", authorId, idempotencyKey);
    }

    private static String hash(String kind, String owner, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(owner.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key);
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package sns.cli.connection;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;

/** Random 128-bit idempotency keys: one per write, reused by every retry of that write. */
public final class IdempotencyKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private IdempotencyKeys() {}

    public static ByteString newKey() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return ByteString.copyFrom(key);
    }
}

package sns.timeline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache answers as the token service would, on a manual wall clock. */
class VerifiedTokenCacheTest {

    private static final byte[] SECRET = "a-test-token-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T00:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final TokenService tokens = new TokenService(SECRET, Duration.ofMinutes(10), clock);
    private final VerifiedTokenCache cache = new VerifiedTokenCache(tokens, clock, 100);

    @Test
    void aCachedTokenIsRefusedOnceItExpires() {
        String token = tokens.issue("u1", "alice").token();
        assertThat(cache.verify(token).userId()).isEqualTo("u1");
        assertThat(cache.verify(token).username()).isEqualTo("alice");

        now.set(now.get().plus(Duration.ofMinutes(10)));

        assertThatThrownBy(() -> cache.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aForgedTokenIsNeverCached() {
        String forged = new TokenService("another-secret-that-is-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10), clock).issue("u1", "alice").token();
        assertThatThrownBy(() -> cache.verify(forged)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> cache.verify(forged)).isInstanceOf(InvalidTokenException.class);
    }
}

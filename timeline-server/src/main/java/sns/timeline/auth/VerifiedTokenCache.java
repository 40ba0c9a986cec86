package sns.timeline.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Verifies a token once and remembers the answer until the token expires, so a client's calls
 * after its first cost a map lookup instead of an HMAC and a JSON parse. Bounded: past
 * {@code maxSize} tokens the least used are verified again when they come back. Only valid
 * tokens are kept, and each one at most until its own expiry (checked again on every hit).
 */
public final class VerifiedTokenCache {

    private final TokenService tokens;
    private final InstantSource clock;
    private final Cache<String, VerifiedToken> verified;

    public VerifiedTokenCache(TokenService tokens, InstantSource clock, long maxSize) {
        this.tokens = tokens;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(Expiry.creating((String token, VerifiedToken claims) -> untilExpiry(claims)))
                .build();
    }

    /** As {@link TokenService#verify}: the token's claims, or {@link InvalidTokenException}. */
    public VerifiedToken verify(String token) {
        VerifiedToken claims = verified.get(token, tokens::verify);
        if (!clock.instant().isBefore(claims.expiresAt())) {
            verified.invalidate(token);
            return tokens.verify(token);
        }
        return claims;
    }

    private Duration untilExpiry(VerifiedToken claims) {
        Duration left = Duration.between(clock.instant(), claims.expiresAt());
        return left.isNegative() ? Duration.ZERO : left;
    }
}

package sns.timeline.auth;

import java.time.Instant;

/** A signed token and when it expires. */
public record IssuedToken(String token, Instant expiresAt) {}

package sns.timeline.auth;

import java.time.Instant;

/** What a valid token says: whose it is and until when. */
public record VerifiedToken(String userId, String username, Instant expiresAt) {}

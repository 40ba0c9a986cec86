package sns.timeline.social;

/** The authenticated user of a request, from a verified token. */
public record Caller(String userId, String username) {}

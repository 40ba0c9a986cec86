package sns.timeline.social;

import static sns.timeline.social.SocialException.Kind.INVALID_ARGUMENT;

import java.util.regex.Pattern;
import sns.timeline.text.Quote;

/** The input rules of DESIGN §4, checked only by the accepting master before anything is stored. */
public final class WriteValidation {

    public static final int IDEMPOTENCY_KEY_BYTES = 16;
    public static final int MAX_POST_CHARACTERS = 500;
    public static final int MAX_PASSWORD_CHARACTERS = 128;
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_]{1,32}$");

    private WriteValidation() {}

    public static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new SocialException(INVALID_ARGUMENT,
                    "username must be 1-32 letters, digits or underscores, got " + Quote.of(username));
        }
        return username;
    }

    public static String password(String password) {
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_CHARACTERS) {
            throw new SocialException(INVALID_ARGUMENT,
                    "password must be 1-" + MAX_PASSWORD_CHARACTERS + " characters");
        }
        return password;
    }

    /** Returns the trimmed text that will be stored. */
    public static String postText(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new SocialException(INVALID_ARGUMENT, "a post cannot be empty");
        }
        int characters = trimmed.codePointCount(0, trimmed.length());
        if (characters > MAX_POST_CHARACTERS) {
            throw new SocialException(INVALID_ARGUMENT,
                    "a post may have at most " + MAX_POST_CHARACTERS + " characters, this one has " + characters);
        }
        if (trimmed.codePoints().anyMatch(c -> c != '\n' && Character.getType(c) == Character.CONTROL)) {
            throw new SocialException(INVALID_ARGUMENT, "a post may not contain control characters other than newline");
        }
        return trimmed;
    }

    public static byte[] idempotencyKey(byte[] key) {
        if (key == null || key.length != IDEMPOTENCY_KEY_BYTES) {
            throw new SocialException(INVALID_ARGUMENT, "every write needs a 16-byte idempotency key, got "
                    + (key == null ? 0 : key.length) + " bytes");
        }
        return key;
    }
}

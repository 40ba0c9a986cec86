package sns.timeline.text;

/**
 * Quotes user input in an error description: at most a short prefix, so a huge request cannot
 * make a huge answer (a long gRPC status description overflows the caller's metadata limit and
 * turns a clear INVALID_ARGUMENT into an opaque transport error).
 */
public final class Quote {

    /** Characters of input an error description repeats at most. */
    public static final int MAX_CHARACTERS = 40;

    private Quote() {}

    /** {@code 'input'}, or its first {@value #MAX_CHARACTERS} characters then {@code …}. */
    public static String of(String input) {
        if (input == null) {
            return "''";
        }
        if (input.codePointCount(0, input.length()) <= MAX_CHARACTERS) {
            return "'" + input + "'";
        }
        return "'" + input.substring(0, input.offsetByCodePoints(0, MAX_CHARACTERS)) + "…'";
    }
}

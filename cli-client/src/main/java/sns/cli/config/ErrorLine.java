package sns.cli.config;

/**
 * How an expected failure reaches the user: one line on stderr, in interactive and one-shot use
 * alike, and the exit status of a one-shot run.
 */
public final class ErrorLine {

    /** The command ran and failed (the server refused it, or it could not be reached). */
    public static final int FAILED = 1;
    /** The command line itself was wrong: unknown command, missing or bad option. */
    public static final int USAGE = 2;

    public void print(String message) {
        System.err.println("error: " + message);
        System.err.flush();
    }
}

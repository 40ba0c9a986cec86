package sns.cli.connection;

/** A failure the user should read as one sentence. */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }
}

package sns.cli;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.shell.CommandNotFound;
import org.springframework.shell.command.CommandExecution;
import sns.cli.config.ErrorLine;

/** sns-cli: the SNS shell. With no arguments it is interactive; with arguments it runs one command. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CliApplication {

    public static void main(String[] args) {
        int status;
        try {
            status = SpringApplication.exit(SpringApplication.run(CliApplication.class, args));
        } catch (RuntimeException e) {
            status = exitStatusOf(e);
        }
        System.exit(status);
    }

    /** A failed command or a bad command line already printed its one line; anything else gets one here. */
    private static int exitStatusOf(RuntimeException e) {
        if (e instanceof ExitCodeGenerator failedCommand) {
            return failedCommand.getExitCode();
        }
        Throwable root = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandNotFound || cause instanceof CommandExecution.CommandParserExceptionsException) {
                return ErrorLine.USAGE;
            }
            root = cause;
        }
        new ErrorLine().print(root.getMessage());
        return ErrorLine.FAILED;
    }
}

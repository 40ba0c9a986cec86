package sns.cli;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** sns-cli: the SNS shell. With no arguments it is interactive; with arguments it runs one command. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CliApplication {

    public static void main(String[] args) {
        int status;
        try {
            status = SpringApplication.exit(SpringApplication.run(CliApplication.class, args));
        } catch (RuntimeException e) {
            // A failed command already printed its one line; anything else gets one here.
            if (e instanceof ExitCodeGenerator failedCommand) {
                status = failedCommand.getExitCode();
            } else {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                System.err.println("error: " + root.getMessage());
                status = 1;
            }
        }
        System.exit(status);
    }
}

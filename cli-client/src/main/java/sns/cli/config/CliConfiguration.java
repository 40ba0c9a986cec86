package sns.cli.config;

import io.grpc.StatusRuntimeException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.command.CommandHandlingResult;
import org.springframework.shell.jline.PromptProvider;
import sns.cli.connection.CliException;
import sns.cli.connection.ServerConnection;
import sns.cli.connection.ServerDirectory;
import sns.cli.connection.Session;

/** Wires the client: session, directory, connection, prompt and error handling. */
@Configuration(proxyBeanMethods = false)
public class CliConfiguration {

    @Bean
    Session session(ClientProperties client) {
        return new Session(client.sessionFile());
    }

    @Bean(destroyMethod = "close")
    ServerDirectory serverDirectory(CoordinatorAddress coordinator, Session session) {
        return new ServerDirectory(coordinator.address(), session);
    }

    /** Keeps the client's server fresh in the background (failover is also handled at once on UNAVAILABLE). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService serverRefresh(ServerDirectory directory, ClientProperties client) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "server-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = client.refreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                directory.refresh();
            } catch (RuntimeException e) {
                // the next call or the next round will try again
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    @Bean
    ServerConnection serverConnection(ServerDirectory directory, Session session, ClientProperties client) {
        return new ServerConnection(directory, session, client.retryDeadline());
    }

    @Bean
    PromptProvider promptProvider(Session session) {
        return () -> new AttributedString("sns" + session.username().map(u -> ":" + u).orElse("") + "> ",
                AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
    }

    /** Every expected failure is one line on stderr and exit status 1, never a stack trace. */
    @Bean
    CommandExceptionResolver clearErrors() {
        return e -> {
            String message;
            if (e instanceof CliException) {
                message = e.getMessage();
            } else if (e instanceof StatusRuntimeException status) {
                String description = status.getStatus().getDescription();
                message = description == null ? status.getStatus().getCode().name().toLowerCase().replace('_', ' ')
                        : description;
            } else {
                return null;
            }
            System.err.println("error: " + message);
            System.err.flush();
            return CommandHandlingResult.of("", 1);
        };
    }
}

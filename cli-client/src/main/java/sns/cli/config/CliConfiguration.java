package sns.cli.config;

import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.command.CommandExecution;
import org.springframework.shell.command.CommandHandlingResult;
import org.springframework.shell.jline.PromptProvider;
import org.springframework.shell.result.CommandNotFoundMessageProvider;
import sns.cli.connection.CliException;
import sns.cli.connection.ImmediateFirstRetry;
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
        return new ServerConnection(directory, session, client.retryDeadline(),
                new ImmediateFirstRetry(client.retryBackoff().toMillis(), client.retryMaxBackoff().toMillis()));
    }

    @Bean
    PromptProvider promptProvider(Session session) {
        return () -> new AttributedString("sns" + session.username().map(u -> ":" + u).orElse("") + "> ",
                AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
    }

    @Bean
    ErrorLine errorLine() {
        return new ErrorLine();
    }

    /**
     * Every expected failure is one line on stderr, never a stack trace: exit status 1 when the
     * command failed, 2 when the command line was wrong. Runs before Spring Shell's own parser
     * error resolver, which would print a second, multi-line message.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    CommandExceptionResolver clearErrors(ErrorLine errors) {
        return e -> {
            if (e instanceof CommandExecution.CommandParserExceptionsException parse) {
                errors.print(parse.getParserExceptions().stream().map(Throwable::getMessage)
                        .collect(Collectors.joining("; ")) + " (see help <command>)");
                return CommandHandlingResult.of("", ErrorLine.USAGE);
            }
            if (e instanceof IllegalArgumentException badArgument) {
                // what the built-in commands throw for a bad argument, e.g. help of an unknown command
                errors.print(badArgument.getMessage());
                return CommandHandlingResult.of("", ErrorLine.USAGE);
            }
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
            errors.print(message);
            return CommandHandlingResult.of("", ErrorLine.FAILED);
        };
    }

    /** An unknown command is one error line too (Spring Shell's default is a red line on stdout). */
    @Bean
    CommandNotFoundMessageProvider unknownCommand(ErrorLine errors) {
        return context -> {
            List<String> words = context.commands();
            String command = words.isEmpty() ? context.text() : words.get(0);
            List<String> subcommands = context.registrations().keySet().stream()
                    .filter(c -> c.startsWith(command + " ")).map(c -> c.substring(command.length() + 1))
                    .sorted().toList();
            if (!subcommands.isEmpty() && words.size() > 1) {
                errors.print("unknown command '" + command + " " + words.get(1) + "' (" + command + " has: "
                        + String.join(", ", subcommands) + ")");
            } else {
                errors.print("unknown command '" + command + "' (help lists the commands)");
            }
            return "";
        };
    }
}
